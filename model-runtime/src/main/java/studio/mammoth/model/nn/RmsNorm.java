package studio.mammoth.model.nn;

import ai.djl.ndarray.NDArray;

/** Root-mean-square normalisation over the last axis with a learned gain (no centring, no bias). */
public final class RmsNorm {
    private static final float EPS = 1e-6f;
    private final NDArray gain; // (dim)

    public RmsNorm(Parameters p, String name, int dim) {
        this.gain = p.constant(name + ".gain", 1f, dim);
    }

    public NDArray forward(NDArray x) {
        NDArray rms = x.square().mean(new int[] {-1}, true).add(EPS).sqrt();
        return x.div(rms).mul(gain);
    }
}
