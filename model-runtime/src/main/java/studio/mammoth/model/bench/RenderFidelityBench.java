package studio.mammoth.model.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
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
        int[] correct = new int[2]; // next-code predictions right on garment cells [0] and background cells [1]
        int[] cells = new int[2];
        RgbImage[] pictures = new RgbImage[n];
        Condition[] conditions = new Condition[n];
        double tokenizer = 0;
        double planCode = 0;
        double render = 0;
        double control = 0;
        MammothTok tok = model.tokenizer();
        Generator g = model.generator();
        PlanLayout layout = g.layout();
        try (NDManager request = DjlEngine.engine().newBaseManager()) {
            SplittableRandom rng = new SplittableRandom(settings.seed());
            for (int i = 0; i < n; i++) {
                ctx.throwIfCancelled();
                Scene scene = world.sample(rng);
                pictures[i] = world.render(scene);
                try (NDManager step = request.newSubManager()) {
                    float[] px = new float[3 * WardrobeWorld.SIDE * WardrobeWorld.SIDE];
                    Pixels.write(pictures[i], px, 0);
                    int[] codes = tok.encode(step.create(px, new Shape(1, 3, WardrobeWorld.SIDE, WardrobeWorld.SIDE))).codes().toIntArray();
                    tokenizer += Pixels.psnr(model.decodePlan(step, codes), pictures[i]);
                    int[] planCodes = Arrays.stream(codes).map(layout::planCode).toArray();
                    planCode += Pixels.psnr(model.decodePlan(step, planCodes), pictures[i]);
                    Generator.PlanReading reading = g.read(step, g.text().encode(Captions.canonical(scene)), new int[][] {codes});
                    // the AR's guess for each cell, made at the token before it
                    int[] predicted = g.ar().codeLogits(reading.ar().last()).argMax(-1).toType(DataType.INT32, false).toIntArray();
                    boolean[] garment = garmentCells(world.coverage(scene));
                    for (int cell = 0; cell < codes.length; cell++) {
                        int kind = garment[cell] ? 0 : 1;
                        correct[kind] += predicted[layout.gridPosition(cell / layout.grid(), cell % layout.grid()) - 1] == planCodes[cell] ? 1 : 0;
                        cells[kind]++;
                    }
                    conditions[i] = reading.condition();
                    conditions[i].tokens().attach(request); // outlives the step: rendered in the second pass
                }
                ctx.report((i + 1.0) / (3 * n), "planning", "teacher-forced plans " + (i + 1) + "/" + n);
            }
            EulerSampler sampler = new EulerSampler(g.dit(), g.flow());
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

    private RgbImage renderFrom(EulerSampler sampler, NDManager request, Condition condition, long seed) {
        try (NDManager step = request.newSubManager()) {
            float[] latents = sampler.sample(step, condition, model.tokenizer().latentShape(1), new long[] {settings.seed() + seed},
                    settings.steps(), settings.guidance(), (k, total, estimate) -> { });
            return model.decode(step, latents, 1)[0];
        }
    }
}
