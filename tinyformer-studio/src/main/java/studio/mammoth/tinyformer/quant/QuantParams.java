package studio.mammoth.tinyformer.quant;

/**
 * The float-to-int8 conventions shared with quantisation-aware training (train.FakeQuant uses the same formulas):
 * activations asymmetric per tensor over a range widened to contain 0, weights symmetric per output channel,
 * rounding half away from zero.
 */
public final class QuantParams {

    /** Input pictures: x = pixel / 255 quantised with scale 1/255 and zero point -128, i.e. q = pixel - 128. */
    public static final float INPUT_SCALE = 1f / 255f;
    public static final int INPUT_ZERO_POINT = -128;
    /** Softmax outputs: probabilities in [0, 1] at scale 1/256, zero point -128. */
    public static final float SOFTMAX_SCALE = 1f / 256f;
    public static final int SOFTMAX_ZERO_POINT = -128;

    private QuantParams() {
    }

    /** int8 {scale, zeroPoint} for a range, widened to contain 0 so that 0 (padding, ReLU) is exact. */
    public static double[] scaleAndZeroPoint(double lo, double hi) {
        double min = Math.min(lo, 0);
        double max = Math.max(hi, 0);
        double scale = Math.max((max - min) / 255.0, 1e-8);
        double zero = -128 - Math.round(min / scale);
        return new double[] {scale, Math.max(-128, Math.min(127, zero))};
    }

    /** sign(x) * floor(|x| + 0.5). */
    public static long roundHalfAway(double x) {
        return (long) (Math.signum(x) * Math.floor(Math.abs(x) + 0.5));
    }

    /** Quantised int8 value of a real under (scale, zeroPoint), clamped to [-128, 127]. */
    public static int quantize(double real, double scale, int zeroPoint) {
        return (int) Math.max(-128, Math.min(127, roundHalfAway(real / scale) + zeroPoint));
    }

    /**
     * The int8 model input of a picture given as floats in [0, 1] (pixel / 255, possibly resampled):
     * q = clamp(round(255 x), 0, 255) - 128, which is exactly pixel - 128 at the native resolution.
     */
    public static byte[] inputOf(float[] picture, int offset, int count) {
        byte[] q = new byte[count];
        for (int i = 0; i < count; i++) {
            long v = Math.round(picture[offset + i] * 255.0);
            q[i] = (byte) (Math.max(0, Math.min(255, v)) + INPUT_ZERO_POINT);
        }
        return q;
    }
}
