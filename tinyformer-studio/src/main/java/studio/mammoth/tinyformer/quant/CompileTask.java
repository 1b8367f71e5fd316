package studio.mammoth.tinyformer.quant;

import java.util.List;
import studio.mammoth.common.task.Task;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.tinyformer.compile.BlobCompiler;
import studio.mammoth.tinyformer.compile.CompiledModel;
import studio.mammoth.tinyformer.ir.FloatModel;

/**
 * Float model -> deployable blob: calibrate activation ranges (unless quantisation-aware training supplied them),
 * quantise to int8, compile. The result's blob is what a board runs and what the cost model measures.
 */
public final class CompileTask implements Task<CompiledModel> {

    private final FloatModel model;
    private final ActivationRanges ranges;
    private final List<float[]> calibration;

    /**
     * @param ranges      activation ranges to use, or null to calibrate
     * @param calibration inputs (HWC, pixel / 255) to calibrate on when {@code ranges} is null
     */
    public CompileTask(FloatModel model, ActivationRanges ranges, List<float[]> calibration) {
        if (ranges == null && (calibration == null || calibration.isEmpty())) {
            throw new IllegalArgumentException("give activation ranges or at least one calibration input");
        }
        this.model = model;
        this.ranges = ranges;
        this.calibration = calibration;
    }

    @Override
    public String title() {
        return "Compile " + model.name();
    }

    @Override
    public boolean heavy() {
        return false;
    }

    @Override
    public CompiledModel run(TaskContext context) {
        ActivationRanges r = ranges;
        if (r == null) {
            context.report(0, "calibrating", "calibrating on " + calibration.size() + " inputs");
            r = ActivationRanges.calibrate(model, calibration, context);
        }
        context.throwIfCancelled();
        context.report(0.9, "quantising", "int8 per-channel weights, requantisation multipliers");
        var quantized = Quantizer.quantize(model, r);
        context.report(0.95, "compiling", "memory plan, sparse encoding, CRC");
        CompiledModel compiled = BlobCompiler.compile(quantized);
        context.report(1, "done", compiled.blob().length + " bytes, arena " + compiled.plan().arenaSize() + " bytes");
        return compiled;
    }
}
