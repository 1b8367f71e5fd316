package studio.mammoth.tinyformer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;
import studio.mammoth.tinyformer.quant.QuantParams;

/** Fake quantisation rounds exactly as the quantiser and the integer engine do. */
class FakeQuantTest {

    @Test
    void weightsMatchThePerChannelInt8Quantisation() {
        Random rnd = new Random(4);
        int out = 6;
        int in = 20;
        float[] w = new float[out * in];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rnd.nextGaussian() * (1 + i / in);
        }
        w[3] = 0.5f * Math.abs(w[3]); // a tie case is unlikely; the half-away rule is checked below
        try (NDManager m = NDManager.newBaseManager()) {
            float[] fq = FakeQuant.weights(m.create(w, new Shape(out, in))).toFloatArray();
            for (int r = 0; r < out; r++) {
                double max = 0;
                for (int k = 0; k < in; k++) {
                    max = Math.max(max, Math.abs(w[r * in + k]));
                }
                double scale = max / 127;
                for (int k = 0; k < in; k++) {
                    long q = QuantParams.roundHalfAway(w[r * in + k] / scale);
                    assertEquals(q * scale, fq[r * in + k], 1e-5 * max, "row " + r + " col " + k);
                }
            }
        }
    }

    @Test
    void roundingIsHalfAwayFromZero() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] r = FakeQuant.roundHalfAway(m.create(new float[] {0.5f, -0.5f, 1.5f, -2.5f, 0.49f})).toFloatArray();
            assertEquals(java.util.List.of(1f, -1f, 2f, -3f, 0f), java.util.List.of(r[0], r[1], r[2], r[3], r[4]));
        }
    }

    @Test
    void activationsMatchTheInt8TensorQuantisation() {
        float[] x = {-1.3f, -0.2f, 0f, 0.77f, 2.4f, 3.1f};
        try (NDManager m = NDManager.newBaseManager()) {
            FakeQuant fq = new FakeQuant(0.9);
            NDArray out = fq.activation("t", m.create(x));
            FakeQuant.Range range = fq.ranges().get("t");
            double[] sz = QuantParams.scaleAndZeroPoint(range.min(), range.max());
            float[] got = out.toFloatArray();
            for (int i = 0; i < x.length; i++) {
                int q = QuantParams.quantize(x[i], sz[0], (int) sz[1]);
                assertEquals((q - sz[1]) * sz[0], got[i], 1e-5);
            }
            float[] softmax = FakeQuant.fixed(m.create(new float[] {0.3f, 1f, 0.00195f}), 1f / 256, -128).toFloatArray();
            assertEquals(77 / 256.0, softmax[0], 1e-6);
            assertEquals(255 / 256.0, softmax[1], 1e-6, "probability 1 saturates at 127 as in the integer softmax");
            assertEquals(0.0, softmax[2], 1e-6);
        }
    }
}
