package studio.mammoth.model.dit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import studio.mammoth.model.nn.Linear;
import studio.mammoth.model.nn.Parameters;

/** t in [0, 1] -> sinusoidal features of 1000 t -> MLP -> (B, D), the signal adaLN modulates with. */
public final class TimestepEmbedding {
    private static final int FREQUENCIES = 128;
    private final Linear in;
    private final Linear out;

    public TimestepEmbedding(Parameters p, String name, int width) {
        in = new Linear(p, name + ".in", 2 * FREQUENCIES, width, true);
        out = new Linear(p, name + ".out", width, width, true);
    }

    public NDArray forward(NDManager scope, float[] t) {
        float[] features = new float[t.length * 2 * FREQUENCIES];
        for (int b = 0; b < t.length; b++) {
            for (int i = 0; i < FREQUENCIES; i++) {
                double freq = Math.exp(-Math.log(10000) * i / FREQUENCIES);
                double angle = 1000.0 * t[b] * freq;
                features[b * 2 * FREQUENCIES + i] = (float) Math.cos(angle);
                features[b * 2 * FREQUENCIES + FREQUENCIES + i] = (float) Math.sin(angle);
            }
        }
        NDArray h = in.forward(scope.create(features, new Shape(t.length, 2 * FREQUENCIES)));
        return out.forward(silu(h));
    }

    static NDArray silu(NDArray x) {
        return x.mul(x.getNDArrayInternal().sigmoid());
    }
}
