package studio.mammoth.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * 2-D convolution, NCHW: (B, in, H, W) -> (B, out, H', W'). Up-sampling is nearest-neighbour x2 followed by a
 * 3x3 convolution (DJL's PyTorch engine has no transposed convolution; this also avoids checkerboard artefacts).
 */
public final class Conv2d {
    private final NDArray weight; // (out, in, k, k)
    private final NDArray bias;   // (out)
    private final Shape stride;
    private final Shape padding;
    private final boolean upsample;

    private Conv2d(Parameters p, String name, int in, int out, int kernel, int stride, int padding, boolean upsample, double std) {
        this.weight = p.normal(name + ".weight", std, out, in, kernel, kernel);
        this.bias = p.constant(name + ".bias", 0f, out);
        this.stride = new Shape(stride, stride);
        this.padding = new Shape(padding, padding);
        this.upsample = upsample;
    }

    /** He-initialised (suits a GELU after it). */
    public static Conv2d conv(Parameters p, String name, int in, int out, int kernel, int stride, int padding) {
        return new Conv2d(p, name, in, out, kernel, stride, padding, false, he(in, kernel));
    }

    /**
     * Zero-initialised: the last convolution of a residual branch, so the branch starts as nothing and the block as the
     * identity (a deep decoder of He-initialised branches collapsed in its first steps).
     */
    public static Conv2d zeroed(Parameters p, String name, int in, int out, int kernel, int stride, int padding) {
        return new Conv2d(p, name, in, out, kernel, stride, padding, false, 0);
    }

    /** Doubles H and W: nearest-neighbour repeat, then a 3x3 convolution. */
    public static Conv2d upsample(Parameters p, String name, int in, int out) {
        return new Conv2d(p, name, in, out, 3, 1, 1, true, he(in, 3));
    }

    private static double he(int in, int kernel) {
        return Math.sqrt(2.0 / (in * kernel * kernel));
    }

    public NDArray forward(NDArray x) {
        Shape one = new Shape(1, 1);
        if (upsample) {
            x = x.repeat(2, 2).repeat(3, 2);
        }
        return x.getNDArrayInternal().convolution(x, weight, bias, stride, padding, one, 1).singletonOrThrow();
    }
}
