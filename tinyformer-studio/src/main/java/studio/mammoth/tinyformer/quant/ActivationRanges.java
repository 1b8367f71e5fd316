package studio.mammoth.tinyformer.quant;

import java.util.List;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.tinyformer.ir.FloatModel;
import studio.mammoth.tinyformer.ir.FloatInterpreter;

/**
 * The float range [min, max] of every tensor of a {@link FloatModel}, from which the int8 scale and zero point
 * follow ({@link QuantParams#scaleAndZeroPoint}). Either measured on calibration inputs ({@link #calibrate}) or set
 * from ranges that quantisation-aware training observed ({@link #set}).
 */
public final class ActivationRanges {

    private final FloatModel model;
    private final double[] min;
    private final double[] max;

    private ActivationRanges(FloatModel model) {
        this.model = model;
        int n = model.tensors().size();
        this.min = new double[n];
        this.max = new double[n];
    }

    /** Ranges observed over the calibration inputs (each HWC, pixel / 255); min/max of every value seen. */
    public static ActivationRanges calibrate(FloatModel model, List<float[]> inputs) {
        return calibrate(model, inputs, TaskContext.unobserved());
    }

    /** As {@link #calibrate(FloatModel, List)}, reporting progress and honouring cancellation. */
    public static ActivationRanges calibrate(FloatModel model, List<float[]> inputs, TaskContext context) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("calibration needs at least one input");
        }
        ActivationRanges r = new ActivationRanges(model);
        java.util.Arrays.fill(r.min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(r.max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < inputs.size(); i++) {
            context.throwIfCancelled();
            if (i % 16 == 0) {
                context.report(0.9 * i / inputs.size(), "calibrating", "calibrating " + i + "/" + inputs.size());
            }
            float[][] values = FloatInterpreter.runAll(model, inputs.get(i));
            for (int t = 0; t < values.length; t++) {
                for (float v : values[t]) {
                    r.min[t] = Math.min(r.min[t], v);
                    r.max[t] = Math.max(r.max[t], v);
                }
            }
        }
        return r;
    }

    /** The same range for every tensor (what a size-only compile uses: sizes do not depend on ranges). */
    public static ActivationRanges uniform(FloatModel model, double lo, double hi) {
        ActivationRanges r = new ActivationRanges(model);
        java.util.Arrays.fill(r.min, lo);
        java.util.Arrays.fill(r.max, hi);
        return r;
    }

    /** Ranges given per tensor id as {min, max} (as {@code FloatModelIO} stores them). */
    public static ActivationRanges of(FloatModel model, double[][] ranges) {
        if (ranges.length != model.tensors().size()) {
            throw new IllegalArgumentException("need a range for each of the " + model.tensors().size() + " tensors");
        }
        ActivationRanges r = new ActivationRanges(model);
        for (int t = 0; t < ranges.length; t++) {
            r.min[t] = ranges[t][0];
            r.max[t] = ranges[t][1];
        }
        return r;
    }

    /** Overrides the range of the tensor with this name (e.g. from quantisation-aware training). */
    public ActivationRanges set(String tensorName, double lo, double hi) {
        int id = model.tensorId(tensorName);
        if (id < 0) {
            throw new IllegalArgumentException("no tensor named " + tensorName);
        }
        min[id] = lo;
        max[id] = hi;
        return this;
    }

    public double min(int tensor) {
        return min[tensor];
    }

    public double max(int tensor) {
        return max[tensor];
    }

    FloatModel model() {
        return model;
    }
}
