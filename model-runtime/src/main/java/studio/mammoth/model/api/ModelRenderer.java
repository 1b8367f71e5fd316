package studio.mammoth.model.api;

import studio.mammoth.common.image.RgbImage;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.model.bench.PromptRenderer;
import studio.mammoth.model.world.GenEvalPrompt;

/** The trained model as the GenEval benchmark's system under test: one image per (prompt, seed), deterministic in the seed. */
public final class ModelRenderer implements PromptRenderer {
    private final MammothModel model;
    private final int steps;
    private final double guidance;

    public ModelRenderer(MammothModel model, int steps, double guidance) {
        this.model = model;
        this.steps = steps;
        this.guidance = guidance;
    }

    @Override
    public String name() {
        return "model " + model.id();
    }

    @Override
    public RgbImage render(GenEvalPrompt prompt, long seed) {
        try {
            return model.generate(GenerateRequest.of(prompt.prompt(), seed, steps, guidance, 1)).run(TaskContext.unobserved()).get(0).image();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("generation failed for '" + prompt.prompt() + "': " + e.getMessage(), e);
        }
    }
}
