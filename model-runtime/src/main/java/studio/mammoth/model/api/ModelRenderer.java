package studio.mammoth.model.api;

import studio.mammoth.common.image.RgbImage;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.model.ar.SamplingSettings;
import studio.mammoth.model.bench.PromptRenderer;
import studio.mammoth.model.world.GenEvalPrompt;

/** The trained model as the GenEval benchmark's system under test: one image per (prompt, seed), deterministic in the seed. */
public final class ModelRenderer implements PromptRenderer {
    private final MammothModel model;
    private final int steps;
    private final double guidance;
    private final SamplingSettings plan;

    public ModelRenderer(MammothModel model, int steps, double guidance, SamplingSettings plan) {
        this.model = model;
        this.steps = steps;
        this.guidance = guidance;
        this.plan = plan;
    }

    @Override
    public String name() {
        return String.format(java.util.Locale.ROOT, "model %s (%d Euler steps, guidance %.1f; plan guidance %.1f, temperature %.2f, top-k %d)",
                model.id(), steps, guidance, plan.guidance(), plan.temperature(), plan.topK());
    }

    @Override
    public RgbImage render(GenEvalPrompt prompt, long seed) {
        try {
            return model.generate(new GenerateRequest(prompt.prompt(), seed, steps, guidance, 1, plan)).run(TaskContext.unobserved()).get(0).image();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("generation failed for '" + prompt.prompt() + "': " + e.getMessage(), e);
        }
    }
}
