package studio.mammoth.model.nn;

import ai.djl.ndarray.NDArray;

/** y = x W^T + b over the last axis: (..., in) -> (..., out). */
public final class Linear {
    private final NDArray weight; // (out, in)
    private final NDArray bias;   // (out) or null

    public Linear(Parameters p, String name, int in, int out, boolean bias) {
        this(p, name, in, out, bias, 1.0 / Math.sqrt(in));
    }

    public Linear(Parameters p, String name, int in, int out, boolean bias, double std) {
        this.weight = std == 0 ? p.constant(name + ".weight", 0f, out, in) : p.normal(name + ".weight", std, out, in);
        this.bias = bias ? p.constant(name + ".bias", 0f, out) : null;
    }

    public NDArray forward(NDArray x) {
        // The input goes first so the result lives in the input's (per-step) manager, never in the weights' one.
        return x.getNDArrayInternal().linear(x, weight, bias).singletonOrThrow();
    }
}
