package studio.mammoth.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * 2-D convolution, NCHW: (B, in, H, W) -> (B, out, H', W'). Up-sampling is nearest-neighbour x2 followed by a
 * 3x3 convolution (DJL's PyTorch engine has no transposed convolution; this also avoids checkerboard artefacts).
 *
 * <p>While its weights train, a narrow convolution (fewer than 32 outputs or 16 inputs, wider than 1x1) runs
 * zero-padded to 32 outputs and 16 inputs. The bundled PyTorch (2.7.1, oneDNN 3.7.1) computes a
 * wrong input gradient for such convolutions on this project's machines (AMD EPYC with AVX-512): forward and weight
 * gradient are right, the gradient passed down is not - with one intra-op thread every time, with two most times. The
 * tokenizer's last layer (32 -> 3 channels) is one, so every layer before it learned from a wrong gradient, and on one
 * thread a tokenizer diverged (MSE 4 -> 6e17 in 25 steps). Wider 3x3 and 4x4 convolutions (16-128 channels in, 32-128
 * out), 1x1 and depthwise ones measured right. Session 13 sent the narrow ones through their windows laid out as
 * channels (im2col) and a 1x1 convolution, which is right too but halved the large tokenizer's training speed (its
 * last layer's windows are 288 channels at 64x64); the padded layer costs about one more 32-channel convolution.
 * {@code Conv2dTest} checks both paths against direct sums.
 */
public final class Conv2d {
    /** The narrowest shape whose input gradient measured right: a narrower convolution trains zero-padded to it. */
    private static final int MIN_IN = 16;
    private static final int MIN_OUT = 32;

    private final NDArray weight; // (out, in, k, k)
    private final NDArray bias;   // (out)
    private final int kernel;
    private final int stride;
    private final int padding;
    private final boolean upsample;
    private final boolean padded;

    private Conv2d(Parameters p, String name, int in, int out, int kernel, int stride, int padding, boolean upsample, double std) {
        this.weight = p.normal(name + ".weight", std, out, in, kernel, kernel);
        this.bias = p.constant(name + ".bias", 0f, out);
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.upsample = upsample;
        this.padded = kernel > 1 && (out < MIN_OUT || in < MIN_IN);
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
        Shape strides = new Shape(stride, stride);
        Shape pads = new Shape(padding, padding);
        Shape one = new Shape(1, 1);
        if (!padded || !weight.hasGradient()) {
            // the direct path's forward and weight gradient are always right, its input gradient for wide layers
            return x.getNDArrayInternal().convolution(x, weight, bias, strides, pads, one, 1).singletonOrThrow();
        }
        Shape ws = weight.getShape(); // (out, in, k, k)
        long out = ws.get(0);
        long in = ws.get(1);
        NDManager m = x.getManager();
        NDArray w = weight;
        NDArray b = bias;
        if (in < MIN_IN) {
            Shape xs = x.getShape();
            x = x.concat(m.zeros(new Shape(xs.get(0), MIN_IN - in, xs.get(2), xs.get(3))), 1);
            w = w.concat(m.zeros(new Shape(out, MIN_IN - in, kernel, kernel)), 1);
        }
        if (out < MIN_OUT) {
            w = w.concat(m.zeros(new Shape(MIN_OUT - out, w.getShape().get(1), kernel, kernel)), 0);
            b = b.concat(m.zeros(new Shape(MIN_OUT - out)));
        }
        NDArray y = x.getNDArrayInternal().convolution(x, w, b, strides, pads, one, 1).singletonOrThrow();
        return out < MIN_OUT ? y.get(new NDIndex(":, :{}", out)) : y;
    }
}
