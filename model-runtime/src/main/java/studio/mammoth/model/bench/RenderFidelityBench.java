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
 * those codes and of the plan codes the AR reads (what the plan holds) and with a control rendered from another picture's
 * plan (what the DiT makes without this picture's plan). A DiT that follows its plan scores near the tokenizer and far
 * above the control. The same teacher-forced pass gives the AR's next-code accuracy, apart for cells a garment touches
 * and plain background cells.
 */
public final class RenderFidelityBench implements Task<RenderFidelityBench.Result> {
    public record Settings(int pictures, long seed, int steps, double guidance) {
        public Settings {
            if (pictures < 2 || steps < 1 || guidance < 0) {
                throw new IllegalArgumentException("at least 2 pictures, 1 step and guidance >= 0 are required");
            }
        }
    }

    /** Mean PSNR in dB over the pictures; top-1 accuracy of the AR's next plan code over all cells of each kind. */
    public record Result(int pictures, double renderPsnr, double tokenizerPsnr, double planCodePsnr, double controlPsnr, double garmentTop1,
                         double backgroundTop1) {
        public String line() {
            return String.format(Locale.ROOT, "render pictures=%d render_psnr=%.2f tokenizer_psnr=%.2f plan_code_psnr=%.2f control_psnr=%.2f%n"
                    + "plan teacher_forced_top1_garment=%.3f teacher_forced_top1_background=%.3f", pictures, renderPsnr, tokenizerPsnr,
                    planCodePsnr, controlPsnr, garmentTop1, backgroundTop1);
        }
    }

    /** Correct and total next-code predictions on garment cells [0] and background cells [1]. */
    private final int[] correct = new int[2];
    private final int[] cells = new int[2];

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
        java.util.Arrays.fill(correct, 0);
        java.util.Arrays.fill(cells, 0);
        RgbImage[] pictures = new RgbImage[n];
        Condition[] conditions = new Condition[n];
        double tokenizer = 0;
        double planCode = 0;
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
                    int[] codes = encoded.codes().toIntArray();
                    tokenizer += Pixels.psnr(decodeCodes(codes, step), pictures[i]);
                    int[] planCodes = new int[codes.length];
                    for (int c = 0; c < codes.length; c++) {
                        planCodes[c] = model.generator().layout().planCode(codes[c]);
                    }
                    planCode += Pixels.psnr(decodeCodes(planCodes, step), pictures[i]);
                    conditions[i] = teacherForced(step, Captions.canonical(scene), codes, garmentCells(world.coverage(scene)));
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
        return new Result(n, render / n, tokenizer / n, planCode / n, control / n, (double) correct[0] / Math.max(1, cells[0]),
                (double) correct[1] / Math.max(1, cells[1]));
    }

    /** Per grid cell (row-major) whether any of its pixels belongs to a garment; coverage is the world's per-pixel owner or -1. */
    private boolean[] garmentCells(int[] coverage) {
        int g = model.generator().layout().grid();
        int cell = WardrobeWorld.SIDE / g;
        boolean[] out = new boolean[g * g];
        for (int p = 0; p < coverage.length; p++) {
            if (coverage[p] >= 0) {
                out[(p / WardrobeWorld.SIDE / cell) * g + (p % WardrobeWorld.SIDE) / cell] = true;
            }
        }
        return out;
    }

    /**
     * The condition the DiT gets when the AR reads the caption and the picture's own codes, as in training; counts the AR's
     * correct next-code predictions (against the plan codes it reads) per kind of cell on the way.
     */
    private Condition teacherForced(NDManager request, String caption, int[] codes, boolean[] garment) {
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
        var out = g.ar().forward(request, Arrays.copyOf(sequence, t), 1, 0, padded, null);
        int[] predicted = g.ar().codeLogits(out.last()).argMax(-1).toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray(); // (t)
        for (int cell = 0; cell < codes.length; cell++) {
            int position = layout.gridPosition(cell / layout.grid(), cell % layout.grid()); // predicted from the token before it
            int kind = garment[cell] ? 0 : 1;
            correct[kind] += predicted[position - 1] == layout.planCode(codes[cell]) ? 1 : 0;
            cells[kind]++;
        }
        return g.align().encode(out.layerStates(), blocked);
    }

    private RgbImage renderFrom(EulerSampler sampler, NDManager request, Condition condition, long seed) {
        try (NDManager step = request.newSubManager()) {
            MammothTok tok = model.tokenizer();
            float[] latents = sampler.sample(step, condition, tok.latentShape(1), new long[] {settings.seed() + seed}, settings.steps(),
                    settings.guidance(), (k, total, estimate) -> { });
            return decode(latents, step);
        }
    }

    private RgbImage decodeCodes(int[] codes, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            return decode(model.tokenizer().codeLatents(scope.create(codes, new Shape(1, codes.length))).toFloatArray(), scope);
        }
    }

    private RgbImage decode(float[] latents, NDManager manager) {
        MammothTok tok = model.tokenizer();
        try (NDManager scope = manager.newSubManager()) {
            return Pixels.read(tok.decode(scope.create(latents, tok.latentShape(1))).toFloatArray(), 0, WardrobeWorld.SIDE, WardrobeWorld.SIDE);
        }
    }
}
