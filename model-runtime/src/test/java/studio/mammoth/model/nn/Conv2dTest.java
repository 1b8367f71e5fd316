package studio.mammoth.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;
import studio.mammoth.model.ModelFixture;

/**
 * The training path's output and both gradients against a direct sum: the bundled PyTorch's own kxk input gradient was
 * wrong on this project's machines (see {@link Conv2d}), which a training run only shows as divergence.
 */
class Conv2dTest {
    @Test
    void narrowConvolutionsTrainPaddedWithTheRightGradients() {
        check(3, 8, 3, 1, 1, 12);
        check(32, 3, 3, 1, 1, 16); // the large tokenizer's last layer
        check(8, 16, 4, 2, 1, 16);
    }

    @Test
    void wideConvolutionsTakeTheDirectPathWithTheRightGradients() {
        check(32, 32, 3, 1, 1, 12); // a residual block of the large decoder at 32 channels
        check(32, 64, 4, 2, 1, 16); // the large encoder's first down-sampling
    }

    /** Loss sum(y * c) with c fixed: dL/dy = c, so dL/dx and dL/dw are sums over the windows written out here. */
    private static void check(int in, int out, int k, int stride, int pad, int size) {
        int batch = 2;
        try (NDManager m = ModelFixture.manager(); Parameters p = new Parameters(m, 3)) {
            Conv2d conv = Conv2d.conv(p, "c", in, out, k, stride, pad);
            p.setTrainable(true);
            Random rnd = new Random(5);
            float[] xv = new float[batch * in * size * size];
            for (int i = 0; i < xv.length; i++) {
                xv[i] = (float) rnd.nextGaussian();
            }
            NDArray x = m.create(xv, new Shape(batch, in, size, size));
            x.setRequiresGradient(true);
            int os = (size + 2 * pad - k) / stride + 1;
            float[] cv = new float[batch * out * os * os];
            for (int i = 0; i < cv.length; i++) {
                cv[i] = (float) rnd.nextGaussian();
            }
            NDArray y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                y = conv.forward(x.mul(1f)); // inside a network the input is an intermediate result, not a leaf
                gc.backward(y.mul(m.create(cv, new Shape(batch, out, os, os))).sum());
            }
            float[] wv = p.get("c.weight").toFloatArray();
            double[] yRef = new double[cv.length];
            double[] gx = new double[xv.length];
            double[] gw = new double[wv.length];
            for (int n = 0; n < batch; n++) {
                for (int o = 0; o < out; o++) {
                    for (int oy = 0; oy < os; oy++) {
                        for (int ox = 0; ox < os; ox++) {
                            int yi = ((n * out + o) * os + oy) * os + ox;
                            for (int c = 0; c < in; c++) {
                                for (int ky = 0; ky < k; ky++) {
                                    for (int kx = 0; kx < k; kx++) {
                                        int sy = oy * stride + ky - pad;
                                        int sx = ox * stride + kx - pad;
                                        if (sy < 0 || sy >= size || sx < 0 || sx >= size) {
                                            continue;
                                        }
                                        int xi = ((n * in + c) * size + sy) * size + sx;
                                        int wi = ((o * in + c) * k + ky) * k + kx;
                                        yRef[yi] += xv[xi] * wv[wi];
                                        gx[xi] += cv[yi] * wv[wi];
                                        gw[wi] += cv[yi] * xv[xi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
            assertArrayEquals(toFloats(yRef), y.toFloatArray(), 1e-4f, "output");
            assertArrayEquals(toFloats(gx), x.getGradient().toFloatArray(), 1e-4f, "gradient to the input");
            assertArrayEquals(toFloats(gw), p.get("c.weight").getGradient().toFloatArray(), 1e-3f, "gradient to the weights");
            p.setTrainable(false);
            assertArrayEquals(y.toFloatArray(), conv.forward(x).toFloatArray(), 1e-4f, "inference takes the direct path to the same output");
            assertEquals(out, y.getShape().get(1));
        }
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
