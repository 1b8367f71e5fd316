package studio.mammoth.tinyformer.train;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import studio.mammoth.tinyformer.quant.QuantParams;

/**
 * Quantisation-aware training: the float network sees the rounding the integer engine will apply.
 * Weights: symmetric int8 per output channel, q = clamp(round(w / s), -127, 127), s = max|w| / 127.
 * Activations: asymmetric int8 per tensor over an observed [min, max] range (exponential moving average while
 * training, frozen afterwards), q = clamp(round(x / s) + z, -128, 127). Rounding is half away from zero, as in the
 * integer engine; scales and zero points come from {@link QuantParams}, the quantiser's own formulas. Gradients pass
 * straight through (x + (q(x) - x) without gradient).
 */
public final class FakeQuant {
    /** Range tracker of one activation tensor. */
    public static final class Range {
        private double min;
        private double max;
        private boolean seen;

        public double min() {
            return min;
        }

        public double max() {
            return max;
        }

        public boolean seen() {
            return seen;
        }

        void observe(double lo, double hi, double momentum) {
            if (!seen) {
                min = lo;
                max = hi;
                seen = true;
            } else {
                min = momentum * min + (1 - momentum) * lo;
                max = momentum * max + (1 - momentum) * hi;
            }
        }

        public void set(double lo, double hi) {
            min = lo;
            max = hi;
            seen = true;
        }
    }

    private final Map<String, Range> ranges = new LinkedHashMap<>();
    private boolean observing = true;
    private final double momentum;

    public FakeQuant(double momentum) {
        this.momentum = momentum;
    }

    public Map<String, Range> ranges() {
        return ranges;
    }

    /** Stops updating ranges (evaluation, export). */
    public void freeze() {
        observing = false;
    }

    public void observe(boolean on) {
        observing = on;
    }

    /** Round half away from zero, elementwise: sign(x) * floor(|x| + 0.5). */
    public static NDArray roundHalfAway(NDArray x) {
        return x.abs().add(0.5f).floor().mul(x.sign());
    }

    /** Per-output-channel symmetric fake quantisation of a weight [out, ...]. */
    public static NDArray weights(NDArray w) {
        long out = w.getShape().get(0);
        NDArray flat = w.reshape(out, -1);
        NDArray scale = flat.abs().max(new int[] {1}, true).stopGradient().maximum(1e-8f).div(127f);
        NDArray q = roundHalfAway(flat.div(scale)).clip(-127, 127).mul(scale);
        return flat.add(q.sub(flat).stopGradient()).reshape(w.getShape());
    }

    /** Fake quantisation with a fixed scale and zero point (the softmax output: 1/256, -128). */
    public static NDArray fixed(NDArray x, float scale, float zero) {
        NDArray q = roundHalfAway(x.div(scale)).add(zero).clip(-128, 127).sub(zero).mul(scale);
        return x.add(q.sub(x).stopGradient());
    }

    /** Fake-quantises activation {@code name}, observing its range first when training. */
    public NDArray activation(String name, NDArray x) {
        Range r = ranges.computeIfAbsent(name, k -> new Range());
        if (observing) {
            r.observe(x.min().getFloat(), x.max().getFloat(), momentum);
        }
        double[] sz = QuantParams.scaleAndZeroPoint(r.min, r.max);
        float scale = (float) sz[0];
        float zero = (float) sz[1];
        NDArray q = roundHalfAway(x.div(scale)).add(zero).clip(-128, 127).sub(zero).mul(scale);
        return x.add(q.sub(x).stopGradient());
    }
}
