package studio.mammoth.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * 2-D convolution, NCHW: (B, in, H, W) -> (B, out, H', W'). Up-sampling is nearest-neighbour x2 followed by a
 * 3x3 convolution (DJL's PyTorch engine has no transposed convolution; this also avoids checkerboard artefacts).
 *
 * <p>While its weights train, a narrow convolution (fewer than 32 outputs or 16 inputs, wider than 1x1) runs as its
 * windows laid out as channels (im2col) through a 1x1 convolution. The bundled PyTorch (2.7.1, oneDNN 3.7.1) computes
 * a wrong input gradient for such convolutions on this project's machines (AMD EPYC with AVX-512): forward and weight
 * gradient are right, the gradient passed down is not - with one intra-op thread every time, with two most times. The
 * tokenizer's last layer (32 -> 3 channels) is one, so every layer before it learned from a wrong gradient, and on one
 * thread a tokenizer diverged (MSE 4 -> 6e17 in 25 steps). Wider 3x3 and 4x4 convolutions (16-128 channels in, 32-128
 * out), 1x1 and depthwise ones measured right. {@code Conv2dTest} checks both paths against direct sums.
 */
public final class Conv2d {
    private final NDArray weight; // (out, in, k, k)
    private final NDArray bias;   // (out)
    private final int kernel;
    private final int stride;
    private final int padding;
    private final boolean upsample;
    private final boolean throughWindows;

    private Conv2d(Parameters p, String name, int in, int out, int kernel, int stride, int padding, boolean upsample, double std) {
        this.weight = p.normal(name + ".weight", std, out, in, kernel, kernel);
        this.bias = p.constant(name + ".bias", 0f, out);
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.upsample = upsample;
        this.throughWindows = kernel > 1 && (out < 32 || in < 16);
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
        if (upsample) {
            x = x.repeat(2, 2).repeat(3, 2);
        }
        if (!throughWindows || !weight.hasGradient()) {
            // the direct path's forward and its weight gradient are always right, its input gradient for wide layers
            Shape one = new Shape(1, 1);
            return x.getNDArrayInternal().convolution(x, weight, bias, new Shape(stride, stride), new Shape(padding, padding), one, 1)
                    .singletonOrThrow();
        }
        long out = weight.getShape().get(0);
        NDArray flatWeight = weight.reshape(out, -1, 1, 1); // (out, in*k*k, 1, 1), channel-major like the windows
        NDArray windows = windows(x);
        return windows.getNDArrayInternal().convolution(windows, flatWeight, bias, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1)
                .singletonOrThrow();
    }

    /** (B, C, H, W) -> (B, C*k*k, H', W'): channel c, tap (ky, kx) at channel (c*k + ky)*k + kx, as the weights lie. */
    private NDArray windows(NDArray x) {
        NDArray padded = x.pad(new Shape(padding, padding, padding, padding), 0);
        long h = (x.getShape().get(2) + 2L * padding - kernel) / stride + 1;
        long w = (x.getShape().get(3) + 2L * padding - kernel) / stride + 1;
        NDList taps = new NDList(kernel * kernel);
        for (int ky = 0; ky < kernel; ky++) {
            for (int kx = 0; kx < kernel; kx++) {
                taps.add(padded.get(new NDIndex(":, :, {}:{}:{}, {}:{}:{}", ky, ky + stride * (h - 1) + 1, stride, kx, kx + stride * (w - 1) + 1, stride)));
            }
        }
        Shape s = x.getShape();
        return NDArrays.stack(taps, 2).reshape(s.get(0), s.get(1) * kernel * kernel, h, w); // (B, C, k*k, H', W') -> channels
    }
}
