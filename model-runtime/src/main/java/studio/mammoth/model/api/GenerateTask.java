package studio.mammoth.model.api;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.common.task.Progress;
import studio.mammoth.common.task.Task;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.model.align.Condition;
import studio.mammoth.model.ar.ArBackbone;
import studio.mammoth.model.ar.PlanLayout;
import studio.mammoth.model.ar.Planner;
import studio.mammoth.model.dit.EulerSampler;

/**
 * prompt -> plan (AR, "planning i/64", preview = the plan so far decoded by the tokenizer) -> condition ->
 * render (DiT Euler steps, "denoising k/N", preview = the current clean estimate) -> images.
 * The cancel token is checked after every AR token and every Euler step (each well under 200 ms).
 * Planning is reported as the first half of the fraction, denoising as the second. The DiT-only variant has no plan:
 * its condition is the AR's reading of the prompt, and denoising is the whole run.
 */
final class GenerateTask implements Task<List<GeneratedImage>> {
    private final MammothModel model;
    private final GenerateRequest request;
    private final int[] prompt;

    GenerateTask(MammothModel model, GenerateRequest request, int[] prompt) {
        this.model = model;
        this.request = request;
        this.prompt = prompt;
    }

    @Override
    public String title() {
        return "Generate " + request.count() + (request.count() == 1 ? " image" : " images") + ": " + request.prompt();
    }

    @Override
    public List<GeneratedImage> run(TaskContext context) {
        Generator gen = model.generator();
        PlanLayout layout = gen.layout();
        long[] seeds = request.seeds();
        int n = seeds.length;
        int g = layout.grid();
        try (NDManager scope = model.manager().newSubManager()) {
            Condition condition;
            double planShare = 0;
            if (gen.config().planned()) {
                planShare = 0.5;
                int[][] codes = new Planner(gen.ar()).plan(scope, prompt, seeds, request.plan(), Stages.planning(context, model, scope, planShare));
                context.throwIfCancelled();
                condition = gen.read(scope, prompt, codes).condition();
            } else {
                condition = textCondition(scope, gen, layout, n);
            }
            Shape latentShape = model.tokenizer().latentShape(n);
            int per = (int) (latentShape.size() / n);
            float[] latents = new EulerSampler(gen.dit(), gen.flow()).sample(scope, condition, latentShape, seeds, request.steps(),
                    request.guidance(), Stages.denoising(context, model, scope, planShare, per));
            RgbImage[] images;
            try (NDManager s = scope.newSubManager()) {
                images = model.decode(s, latents, n);
            }
            List<GeneratedImage> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(new GeneratedImage(images[i], request.prompt(), seeds[i], request.steps(), request.guidance(), model.id()));
            }
            context.report(new Progress(1.0, "done", "generated " + n, images[0]));
            return out;
        }
    }

    /** The DiT-only variant: the AR reads the prompt alone and the condition is its text states. */
    private Condition textCondition(NDManager scope, Generator gen, PlanLayout layout, int n) {
        int p = layout.promptLength();
        int[] slots = layout.promptSlots(prompt);
        int[] inputs = new int[n * p];
        boolean[] padded = new boolean[n * p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                inputs[i * p + j] = slots[j];
                padded[i * p + j] = slots[j] == layout.pad();
            }
        }
        ArBackbone.Output out = gen.ar().forward(scope, inputs, n, 0, padded, null);
        return gen.align().encode(out.layerStates(), padded);
    }
}
