package studio.mammoth.model.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.common.task.Task;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.model.align.Condition;
import studio.mammoth.model.api.Generator;
import studio.mammoth.model.api.MammothModel;
import studio.mammoth.model.ar.PlanLayout;
import studio.mammoth.model.dit.EulerSampler;
import studio.mammoth.model.engine.DjlEngine;
import studio.mammoth.model.tok.MammothTok;
import studio.mammoth.model.tok.Pixels;
import studio.mammoth.model.world.Captions;
import studio.mammoth.model.world.Scene;
import studio.mammoth.model.world.WardrobeWorld;

/**
 * How faithfully the DiT renders a plan, with the AR taken out of the loop: for world pictures the AR reads the caption
 * and the picture's TRUE codes (teacher forcing, as in training), the alignment module turns its states into the
 * condition, and the DiT renders from noise. PSNR against the picture is compared with the tokenizer's own decode of
 * those codes (what the plan holds) and with a control rendered from another picture's plan (what the DiT makes
 * without this picture's plan). A DiT that follows its plan scores near the tokenizer and far above the control.
 */
public final class RenderFidelityBench implements Task<RenderFidelityBench.Result> {
    public record Settings(int pictures, long seed, int steps, double guidance) {
        public Settings {
            if (pictures < 2 || steps < 1 || guidance < 0) {
                throw new IllegalArgumentException("at least 2 pictures, 1 step and guidance >= 0 are required");
            }
        }
    }

    /** Mean PSNR in dB over the pictures. */
    public record Result(int pictures, double renderPsnr, double tokenizerPsnr, double controlPsnr) {
        public String line() {
            return String.format(Locale.ROOT, "render pictures=%d render_psnr=%.2f tokenizer_psnr=%.2f control_psnr=%.2f", pictures, renderPsnr,
                    tokenizerPsnr, controlPsnr);
        }
    }

    private final MammothModel model;
    private final WardrobeWorld world;
    private final Settings settings;

    public RenderFidelityBench(MammothModel model, WardrobeWorld world, Settings settings) {
        if (!model.generator().config().planned()) {
            throw new IllegalArgumentException("the DiT-only variant renders without a plan: render fidelity needs the serial model");
        }
        this.model = model;
        this.world = world;
        this.settings = settings;
    }

    @Override
    public String title() {
        return "Render fidelity (" + settings.pictures() + " pictures)";
    }

    @Override
    public Result run(TaskContext ctx) throws Exception {
        int n = settings.pictures();
        RgbImage[] pictures = new RgbImage[n];
        Condition[] conditions = new Condition[n];
        double tokenizer = 0;
        double render = 0;
        double control = 0;
        MammothTok tok = model.tokenizer();
        try (NDManager request = DjlEngine.engine().newBaseManager()) {
            SplittableRandom rng = new SplittableRandom(settings.seed());
            for (int i = 0; i < n; i++) {
                ctx.throwIfCancelled();
                Scene scene = world.sample(rng);
                pictures[i] = world.render(scene);
                try (NDManager step = request.newSubManager()) {
                    float[] px = new float[3 * WardrobeWorld.SIDE * WardrobeWorld.SIDE];
                    Pixels.write(pictures[i], px, 0);
                    MammothTok.Encoded encoded = tok.encode(step.create(px, new Shape(1, 3, WardrobeWorld.SIDE, WardrobeWorld.SIDE)));
                    tokenizer += Pixels.psnr(decode(tok.codeLatents(encoded.codes()).toFloatArray(), step), pictures[i]);
                    conditions[i] = teacherForced(step, Captions.canonical(scene), encoded.codes().toIntArray());
                    conditions[i].tokens().attach(request); // outlives the step: rendered in the second pass
                }
                ctx.report((i + 1.0) / (3 * n), "planning", "teacher-forced plans " + (i + 1) + "/" + n);
            }
            EulerSampler sampler = new EulerSampler(model.generator().dit(), model.generator().flow());
            for (int i = 0; i < n; i++) {
                ctx.throwIfCancelled();
                render += Pixels.psnr(renderFrom(sampler, request, conditions[i], i), pictures[i]);
                control += Pixels.psnr(renderFrom(sampler, request, conditions[(i + 1) % n], i), pictures[i]);
                ctx.report((n + 2 * (i + 1.0)) / (3 * n), "rendering", "rendered " + (i + 1) + "/" + n);
            }
        }
        return new Result(n, render / n, tokenizer / n, control / n);
    }

    /** The condition the DiT gets when the AR reads the caption and the picture's own codes, as in training. */
    private Condition teacherForced(NDManager request, String caption, int[] codes) {
        Generator g = model.generator();
        PlanLayout layout = g.layout();
        int[] prompt = g.text().encode(caption);
        int[] sequence = layout.sequence(prompt, codes);
        int t = layout.length() - 1; // the last token is only ever a target
        int p = layout.promptLength();
        boolean[] padded = new boolean[t];
        boolean[] blocked = new boolean[p];
        for (int j = 0; j < p; j++) {
            padded[j] = sequence[j] == layout.pad();
            blocked[j] = padded[j];
        }
        var states = g.ar().forward(request, Arrays.copyOf(sequence, t), 1, 0, padded, null).layerStates();
        return g.align().encode(states, blocked);
    }

    private RgbImage renderFrom(EulerSampler sampler, NDManager request, Condition condition, long seed) {
        try (NDManager step = request.newSubManager()) {
            MammothTok tok = model.tokenizer();
            float[] latents = sampler.sample(step, condition, tok.latentShape(1), new long[] {settings.seed() + seed}, settings.steps(),
                    settings.guidance(), (k, total, estimate) -> { });
            return decode(latents, step);
        }
    }

    private RgbImage decode(float[] latents, NDManager manager) {
        MammothTok tok = model.tokenizer();
        try (NDManager scope = manager.newSubManager()) {
            return Pixels.read(tok.decode(scope.create(latents, tok.latentShape(1))).toFloatArray(), 0, WardrobeWorld.SIDE, WardrobeWorld.SIDE);
        }
    }
}
