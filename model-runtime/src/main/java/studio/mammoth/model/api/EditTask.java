package studio.mammoth.model.api;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.common.task.Progress;
import studio.mammoth.common.task.Task;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.model.align.Condition;
import studio.mammoth.model.ar.ArBackbone;
import studio.mammoth.model.ar.PlanLayout;
import studio.mammoth.model.ar.PlanPrefix;
import studio.mammoth.model.ar.Planner;
import studio.mammoth.model.ar.SamplingSettings;
import studio.mammoth.model.ar.VisionEncoder;
import studio.mammoth.model.dit.EulerSampler;
import studio.mammoth.model.dit.Reference;
import studio.mammoth.model.tok.MammothTok;
import studio.mammoth.model.tok.Pixels;

/**
 * source + instruction -> plan of the target codes (AR reading the source codes and the instruction; with a brush mask
 * the codes of untouched cells are kept, not sampled) -> condition -> render (DiT with the source latents as reference,
 * dual guidance, latent blending outside the mask) -> with a mask, the source pixels outside it put back exactly.
 * Progress and cancellation as in generation ({@link Stages}).
 */
final class EditTask implements Task<RgbImage> {
    private final MammothModel model;
    private final EditRequest request;
    private final int[] instruction;
    private final boolean planOnly;

    /** @param planOnly stop after planning and decode the plan with the tokenizer (see {@link MammothModel#editPlan}) */
    EditTask(MammothModel model, EditRequest request, int[] instruction, boolean planOnly) {
        this.model = model;
        this.request = request;
        this.instruction = instruction;
        this.planOnly = planOnly;
    }

    @Override
    public String title() {
        return "Edit: " + request.instruction() + (request.mask() == null ? "" : " (brushed region)");
    }

    @Override
    public RgbImage run(TaskContext context) {
        Generator gen = model.taskGenerator();
        PlanLayout layout = gen.layout();
        int g = layout.grid();
        long[] seeds = {request.seed()};
        try (NDManager scope = model.manager().newSubManager()) {
            MammothTok.Encoded source = model.encode(scope, request.source());
            int[] sourceCodes = source.codes().toIntArray();
            float[] region = request.mask() == null ? new float[g * g] : request.mask().cellFractions(g);
            int[] kept = null;
            if (request.mask() != null) {
                kept = new int[g * g];
                for (int i = 0; i < kept.length; i++) {
                    kept[i] = region[i] == 0 ? sourceCodes[i] : -1;
                }
            }
            VisionEncoder.Features seen = gen.see(scope, Pixels.of(request.source()), 1, layout.sourceFirstCode());
            int[] target = new Planner(gen.ar()).plan(scope, PlanPrefix.edit(layout, sourceCodes, instruction, kept, seen), seeds,
                    SamplingSettings.standard(), Stages.planning(context, model, scope, 0.5))[0];
            context.throwIfCancelled();
            if (planOnly) {
                return brushed(model.decodePlan(scope, target), context);
            }
            Condition condition = condition(scope, gen, layout, sourceCodes, target, seen);
            Shape latentShape = model.tokenizer().latentShape(1);
            float[] sourceLatents = source.latents().toFloatArray(); // (1, D, G, G) flat, exactly as training saw them
            Reference reference = new Reference(scope.create(sourceLatents, latentShape), region, new boolean[] {request.mask() != null},
                    new boolean[1]);
            EulerSampler.Blend blend = request.mask() == null ? null : blend(sourceLatents, region, gen.config().latentDim(), g);
            float[] latents = new EulerSampler(gen.dit(), gen.flow()).sampleEdit(scope, condition, reference, latentShape, seeds, request.steps(),
                    request.textGuidance(), request.imageGuidance(), blend, Stages.denoising(context, model, scope, 0.5, (int) latentShape.size()));
            try (NDManager s = scope.newSubManager()) {
                return brushed(model.decode(s, latents, 1)[0], context);
            }
        }
    }

    /** The edited picture, with a brush the source's pixels outside it put back exactly; reported as done. */
    private RgbImage brushed(RgbImage edited, TaskContext context) {
        RgbImage result = request.mask() == null ? edited : request.mask().composite(request.source(), edited);
        context.report(new Progress(1.0, "done", "edited", result));
        return result;
    }

    /** The AR pass over [source | instruction | planned target] whose states become the DiT's condition. */
    private Condition condition(NDManager scope, Generator gen, PlanLayout layout, int[] sourceCodes, int[] target, VisionEncoder.Features seen) {
        int s = layout.sourceLength();
        int p = layout.promptLength();
        int[] seq = layout.editSequence(sourceCodes, instruction, target);
        int t = seq.length - 1;
        int[] inputs = java.util.Arrays.copyOf(seq, t);
        boolean[] padded = new boolean[t];
        boolean[] promptBlocked = new boolean[p];
        for (int j = 0; j < p; j++) {
            padded[s + j] = seq[s + j] == layout.pad();
            promptBlocked[j] = padded[s + j];
        }
        ArBackbone.Output out = gen.ar().forward(scope, inputs, 1, 0, layout.editPositions(0, t), padded, null, seen);
        return gen.align().encode(out.layerStates(), s, promptBlocked);
    }

    /** Latents of cells entirely outside the mask follow the source (see {@link EulerSampler.Blend}). */
    private static EulerSampler.Blend blend(float[] source, float[] region, int dim, int grid) {
        float[] keep = new float[source.length];
        for (int d = 0; d < dim; d++) {
            for (int c = 0; c < grid * grid; c++) {
                keep[d * grid * grid + c] = region[c] == 0 ? 1f : 0f;
            }
        }
        return new EulerSampler.Blend(source, keep);
    }
}
