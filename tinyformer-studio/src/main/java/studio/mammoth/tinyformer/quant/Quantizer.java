package studio.mammoth.tinyformer.quant;

import java.util.ArrayList;
import java.util.List;
import studio.mammoth.tinyformer.ir.Activation;
import studio.mammoth.tinyformer.ir.ChannelQuant;
import studio.mammoth.tinyformer.ir.FloatLayer;
import studio.mammoth.tinyformer.ir.FloatModel;
import studio.mammoth.tinyformer.ir.Int8Weights;
import studio.mammoth.tinyformer.ir.IntegerLimits;
import studio.mammoth.tinyformer.ir.QLayer;
import studio.mammoth.tinyformer.ir.QuantizedModel;
import studio.mammoth.tinyformer.ir.QuantizedModel.QTensor;
import studio.mammoth.tinyformer.ir.Requant;
import studio.mammoth.tinyformer.ir.FloatInterpreter;

/**
 * Post-training int8 quantisation: FloatModel + activation ranges -> QuantizedModel, following the host-side formulas
 * of docs/tinyformer/INTEGER_SEMANTICS.md (per-channel symmetric weights, int32 bias, requant multipliers, LayerNorm
 * gamma/beta, softmax exp table and GELU table). Zero weights stay zero, so the pruning mask survives.
 */
public final class Quantizer {

    private Quantizer() {
    }

    /** Calibrates on the given inputs (HWC, pixel / 255) and quantises. */
    public static QuantizedModel quantize(FloatModel model, List<float[]> calibrationInputs) {
        return quantize(model, ActivationRanges.calibrate(model, calibrationInputs));
    }

    /**
     * Quantises with a placeholder range [-4, 4] for every activation: the weights, their zero blocks, every size and
     * the arena are exactly those of a calibrated quantisation (none depends on activation ranges), so
     * {@code CostModel.cost(quantizeForCost(m))} is the cost of the model that will be deployed. Not for inference.
     */
    public static QuantizedModel quantizeForCost(FloatModel model) {
        return quantize(model, ActivationRanges.uniform(model, -4, 4));
    }

    public static QuantizedModel quantize(FloatModel model, ActivationRanges ranges) {
        List<QTensor> tensors = new ArrayList<>();
        for (int t = 0; t < model.tensors().size(); t++) {
            tensors.add(tensorQuant(model, ranges, t));
        }
        List<QLayer> layers = new ArrayList<>();
        for (FloatLayer l : model.layers()) {
            layers.add(layer(l, tensors));
        }
        return new QuantizedModel(model.name(), tensors, layers, model.input(), model.output());
    }

    private static QTensor tensorQuant(FloatModel model, ActivationRanges ranges, int t) {
        FloatModel.TensorInfo info = model.tensors().get(t);
        if (t == model.input()) {
            return new QTensor(info.name(), info.shape(), QuantParams.INPUT_SCALE, QuantParams.INPUT_ZERO_POINT);
        }
        boolean softmax = model.layers().stream()
                .anyMatch(l -> l.output() == t && l instanceof FloatLayer.Softmax);
        if (softmax) {
            return new QTensor(info.name(), info.shape(), QuantParams.SOFTMAX_SCALE, QuantParams.SOFTMAX_ZERO_POINT);
        }
        double lo = ranges.min(t);
        double hi = ranges.max(t);
        if (!(lo <= hi) || Double.isInfinite(lo) || Double.isInfinite(hi)) {
            throw new IllegalArgumentException("tensor " + info.name() + " has no usable range [" + lo + ", " + hi + "]");
        }
        double[] sz = QuantParams.scaleAndZeroPoint(lo, hi);
        return new QTensor(info.name(), info.shape(), (float) sz[0], (int) sz[1]);
    }

    private static QLayer layer(FloatLayer l, List<QTensor> t) {
        QTensor out = t.get(l.output());
        QTensor in = t.get(l.inputs().get(0));
        if (l instanceof FloatLayer.Weighted w) {
            Int8Weights weights = weights(w);
            ChannelQuant q = channelQuant(w, weights, in.scale(), out.scale());
            int[] clamp = clamp(w.activation(), out);
            if (l instanceof FloatLayer.Conv2d c) {
                return new QLayer.Conv2d(c.input(), c.output(), c.geometry(), weights, q, clamp[0], clamp[1]);
            }
            if (l instanceof FloatLayer.DepthwiseConv2d d) {
                return new QLayer.DepthwiseConv2d(d.input(), d.output(), d.geometry(), weights, q, clamp[0], clamp[1]);
            }
            FloatLayer.FullyConnected f = (FloatLayer.FullyConnected) l;
            return new QLayer.FullyConnected(f.input(), f.output(), weights, q, clamp[0], clamp[1]);
        }
        if (l instanceof FloatLayer.Add a) {
            QTensor right = t.get(a.right());
            double twiceMax = 2 * Math.max(in.scale(), right.scale());
            int[] clamp = clamp(a.activation(), out);
            return new QLayer.Add(a.left(), a.right(), a.output(), Requant.of(in.scale() / twiceMax),
                    Requant.of(right.scale() / twiceMax), Requant.of(twiceMax / ((1 << 20) * (double) out.scale())),
                    clamp[0], clamp[1]);
        }
        if (l instanceof FloatLayer.AvgPool p) {
            double m = in.scale() / ((double) out.scale() * p.kernelH() * p.kernelW());
            return new QLayer.AvgPool(p.input(), p.output(), p.kernelH(), p.kernelW(), p.strideH(), p.strideW(),
                    Requant.of(m), -128, 127);
        }
        if (l instanceof FloatLayer.LayerNorm n) {
            return layerNorm(n, out);
        }
        if (l instanceof FloatLayer.AttentionScores s) {
            QTensor k = t.get(s.key());
            double dh = (double) t.get(s.query()).shape().c() / s.heads();
            double m = (double) in.scale() * k.scale() / (Math.sqrt(dh) * out.scale());
            return new QLayer.AttentionScores(s.query(), s.key(), s.output(), s.heads(), Requant.of(m), -128, 127);
        }
        if (l instanceof FloatLayer.Softmax s) {
            int[] table = new int[IntegerLimits.TABLE_ENTRIES];
            for (int d = 0; d < table.length; d++) {
                table[d] = (int) Math.round(IntegerLimits.EXP_ONE * StrictMath.exp(-d * (double) in.scale()));
            }
            return new QLayer.Softmax(s.input(), s.output(), table);
        }
        if (l instanceof FloatLayer.AttentionContext c) {
            QTensor v = t.get(c.value());
            double m = (double) in.scale() * v.scale() / out.scale();
            return new QLayer.AttentionContext(c.probabilities(), c.value(), c.output(), c.heads(), Requant.of(m), -128,
                    127);
        }
        if (l instanceof FloatLayer.Gelu g) {
            byte[] table = new byte[IntegerLimits.TABLE_ENTRIES];
            for (int q = -128; q <= 127; q++) {
                double x = in.scale() * (double) (q - in.zeroPoint());
                table[q + 128] = (byte) QuantParams.quantize(FloatInterpreter.gelu(x), out.scale(), out.zeroPoint());
            }
            return new QLayer.Gelu(g.input(), g.output(), table);
        }
        throw new IllegalArgumentException("cannot quantise " + l);
    }

    /** Per output channel: scale = max|w| / 127, q = round-half-away(w / scale); an all-zero row keeps scale 1/127. */
    static Int8Weights weights(FloatLayer.Weighted w) {
        int rows = w.rows();
        int len = w.rowLength();
        float[] f = w.weights();
        byte[] q = new byte[f.length];
        for (int r = 0; r < rows; r++) {
            double scale = weightScale(f, r * len, len);
            for (int k = 0; k < len; k++) {
                q[r * len + k] = (byte) Math.max(-127, Math.min(127, QuantParams.roundHalfAway(f[r * len + k] / scale)));
            }
        }
        return new Int8Weights(rows, len, q, w.blockSize());
    }

    /** The weights as the integer engine multiplies with them: each row's int8 values times the row's scale. */
    public static float[] dequantisedWeights(FloatLayer.Weighted w) {
        byte[] q = weights(w).values();
        int len = w.rowLength();
        float[] f = new float[q.length];
        for (int r = 0; r < w.rows(); r++) {
            double scale = weightScale(w.weights(), r * len, len);
            for (int k = 0; k < len; k++) {
                f[r * len + k] = (float) (q[r * len + k] * scale);
            }
        }
        return f;
    }

    static double weightScale(float[] f, int off, int len) {
        double max = 0;
        for (int k = 0; k < len; k++) {
            max = Math.max(max, Math.abs(f[off + k]));
        }
        return max == 0 ? 1.0 / 127 : max / 127;
    }

    private static ChannelQuant channelQuant(FloatLayer.Weighted w, Int8Weights q, float inScale, float outScale) {
        int rows = w.rows();
        int len = w.rowLength();
        int[] bias = new int[rows];
        int[] mult = new int[rows];
        int[] shift = new int[rows];
        for (int r = 0; r < rows; r++) {
            double ws = weightScale(w.weights(), r * len, len);
            double accScale = inScale * ws;
            long b = QuantParams.roundHalfAway(w.bias()[r] / accScale);
            bias[r] = (int) Math.max(-IntegerLimits.MAX_BIAS, Math.min(IntegerLimits.MAX_BIAS, b));
            Requant rq = Requant.of(accScale / outScale);
            mult[r] = rq.multiplier();
            shift[r] = rq.shift();
        }
        return new ChannelQuant(bias, mult, shift);
    }

    private static QLayer.LayerNorm layerNorm(FloatLayer.LayerNorm n, QTensor out) {
        int d = n.gamma().length;
        double maxGamma = 0;
        for (float g : n.gamma()) {
            maxGamma = Math.max(maxGamma, Math.abs(g));
        }
        double gScale = maxGamma == 0 ? 1 : maxGamma / IntegerLimits.MAX_GAMMA;
        int[] gamma = new int[d];
        int[] beta = new int[d];
        for (int i = 0; i < d; i++) {
            gamma[i] = (int) QuantParams.roundHalfAway(n.gamma()[i] / gScale);
            long b = QuantParams.roundHalfAway(n.beta()[i] * 256 / gScale);
            beta[i] = (int) Math.max(-IntegerLimits.MAX_BETA, Math.min(IntegerLimits.MAX_BETA, b));
        }
        return new QLayer.LayerNorm(n.input(), n.output(), gamma, beta, Requant.of(gScale / (256.0 * out.scale())), -128,
                127);
    }

    /** The int8 clamp of an activation under the output's quantisation. */
    static int[] clamp(Activation a, QTensor out) {
        return switch (a) {
            case NONE -> new int[] {-128, 127};
            case RELU -> new int[] {Math.max(-128, out.zeroPoint()), 127};
            case RELU6 -> new int[] {Math.max(-128, out.zeroPoint()),
                    QuantParams.quantize(6.0, out.scale(), out.zeroPoint())};
        };
    }
}
