package studio.mammoth.model.api;

import ai.djl.ndarray.NDManager;
import java.util.Locale;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.ar.Planner;
import studio.mammoth.model.ar.SamplingSettings;
import studio.mammoth.model.bench.PromptRenderer;
import studio.mammoth.model.engine.DjlEngine;
import studio.mammoth.model.world.GenEvalPrompt;

/**
 * The AR's plan alone as GenEval's system under test: the codes it samples for (prompt, seed), decoded by the tokenizer,
 * with the DiT out of the loop. The plan is the very one {@link ModelRenderer} renders for the same (prompt, seed), so
 * the two scores split a generation's errors between planning and rendering.
 */
public final class PlanRenderer implements PromptRenderer {
    private final MammothModel model;
    private final SamplingSettings plan;

    public PlanRenderer(MammothModel model, SamplingSettings plan) {
        if (!model.generator().config().planned()) {
            throw new IllegalArgumentException("the DiT-only variant makes no plan to judge");
        }
        this.model = model;
        this.plan = plan;
    }

    @Override
    public String name() {
        return String.format(Locale.ROOT, "plans of model %s decoded by its tokenizer (plan guidance %.1f, temperature %.2f, top-k %d)",
                model.id(), plan.guidance(), plan.temperature(), plan.topK());
    }

    @Override
    public RgbImage render(GenEvalPrompt prompt, long seed) {
        Generator g = model.generator();
        try (NDManager request = DjlEngine.engine().newBaseManager()) {
            int[][] codes = new Planner(g.ar()).plan(request, g.text().encode(prompt.prompt()), new long[] {seed}, plan, (done, total, soFar) -> { });
            return model.decodePlan(request, codes[0]);
        }
    }
}
