package studio.mammoth.tinyformer.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import studio.mammoth.tinyformer.ir.Activation;
import studio.mammoth.tinyformer.ir.ConvGeometry;
import studio.mammoth.tinyformer.ir.FloatModel;
import studio.mammoth.tinyformer.ir.Shape;
import studio.mammoth.tinyformer.quant.QuantParams;

/**
 * Small seeded random networks with every operator of the format, in the shape of the searched hybrid (conv stem,
 * an inverted-residual block, a transformer block, pooled classifier), with block-pruned layers at every block size.
 * For tests, kernel test vectors and smoke runs of the compiler; not a trained model.
 */
public final class RandomModels {

    private RandomModels() {
    }

    /**
     * A hybrid on a {@code side x side x 1} input (side >= 4, even); {@code sparsity} is the fraction of weight blocks
     * zeroed in the pruned layers.
     */
    public static FloatModel hybrid(long seed, int side, double sparsity) {
        return hybrid(seed, side, sparsity, false);
    }

    /**
     * As {@link #hybrid(long, int, double)}; with {@code pruneStemAndDepthwise} the stem and the depthwise layer are
     * pruned too (single-weight blocks: their rows are the k x k taps), as SparseNAS's genes allow.
     */
    public static FloatModel hybrid(long seed, int side, double sparsity, boolean pruneStemAndDepthwise) {
        Random rnd = new Random(seed);
        int shortRowBlock = pruneStemAndDepthwise ? 1 : 0;
        FloatModel.Builder b = FloatModel.builder("random-hybrid-" + seed, new Shape(side, side, 1));
        int x = conv(b, rnd, "stem", b.input(), 8, ConvGeometry.same(3, 2), Activation.RELU6, shortRowBlock, sparsity);
        int e = conv(b, rnd, "block.expand", x, 16, ConvGeometry.valid(1, 1), Activation.RELU6, 4, sparsity);
        int dw = b.depthwise("block.depthwise", e, ConvGeometry.same(3, 1), weights(rnd, 16, 9, shortRowBlock, sparsity),
                bias(rnd, 16), Activation.RELU6, shortRowBlock);
        int p = conv(b, rnd, "block.project", dw, 8, ConvGeometry.valid(1, 1), Activation.NONE, 8, sparsity);
        x = b.add("block.add", x, p, Activation.NONE);
        int d = 16;
        x = fc(b, rnd, "tokens", x, d, Activation.NONE, 1, sparsity);
        int n = layerNorm(b, rnd, "t0.ln1", x);
        int q = fc(b, rnd, "t0.q", n, d, Activation.NONE, 4, sparsity);
        int k = fc(b, rnd, "t0.k", n, d, Activation.NONE, 16, sparsity);
        int v = fc(b, rnd, "t0.v", n, d, Activation.NONE, 0, sparsity);
        int s = b.attentionScores("t0.scores", q, k, 2);
        int pr = b.softmax("t0.softmax", s);
        int c = b.attentionContext("t0.context", pr, v, 2);
        int o = fc(b, rnd, "t0.out", c, d, Activation.NONE, 8, sparsity);
        x = b.add("t0.add1", x, o, Activation.NONE);
        n = layerNorm(b, rnd, "t0.ln2", x);
        int up = fc(b, rnd, "t0.mlp.up", n, 2 * d, Activation.NONE, 16, sparsity);
        int g = b.gelu("t0.mlp.gelu", up);
        int down = fc(b, rnd, "t0.mlp.down", g, d, Activation.NONE, 1, sparsity);
        x = b.add("t0.add2", x, down, Activation.NONE);
        x = layerNorm(b, rnd, "head.ln", x);
        x = b.globalAvgPool("head.pool", x);
        return b.build(fc(b, rnd, "head.classifier", x, 10, Activation.NONE, 0, sparsity));
    }

    /** Random pictures (HWC floats in [0, 1], pixel / 255) for calibration and tests. */
    public static List<float[]> pictures(long seed, Shape shape, int count) {
        Random rnd = new Random(seed);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] x = new float[shape.size()];
            for (int j = 0; j < x.length; j++) {
                x[j] = rnd.nextInt(256) / 255f;
            }
            out.add(x);
        }
        return out;
    }

    /** The int8 input of a picture given as pixel / 255 floats: q = pixel - 128. */
    public static byte[] int8Input(float[] picture) {
        return QuantParams.inputOf(picture, 0, picture.length);
    }

    private static int conv(FloatModel.Builder b, Random rnd, String name, int in, int out, ConvGeometry g,
                            Activation act, int block, double sparsity) {
        int len = g.kernelH() * g.kernelW() * b.shape(in).c();
        return b.conv2d(name, in, out, g, weights(rnd, out, len, block, sparsity), bias(rnd, out), act, block);
    }

    private static int fc(FloatModel.Builder b, Random rnd, String name, int in, int out, Activation act, int block,
                          double sparsity) {
        int len = b.shape(in).c();
        return b.fullyConnected(name, in, out, weights(rnd, out, len, block, sparsity), bias(rnd, out), act, block);
    }

    private static int layerNorm(FloatModel.Builder b, Random rnd, String name, int in) {
        int d = b.shape(in).c();
        float[] gamma = new float[d];
        float[] beta = new float[d];
        for (int i = 0; i < d; i++) {
            gamma[i] = (float) (1 + 0.2 * rnd.nextGaussian());
            beta[i] = (float) (0.1 * rnd.nextGaussian());
        }
        return b.layerNorm(name, in, gamma, beta, 1e-5f);
    }

    /** He-style Gaussian weights; in pruned layers whole blocks are zeroed with probability {@code sparsity}. */
    private static float[] weights(Random rnd, int rows, int len, int block, double sparsity) {
        float[] w = new float[rows * len];
        double std = Math.sqrt(2.0 / len);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (std * rnd.nextGaussian());
        }
        if (block > 0) {
            for (int r = 0; r < rows; r++) {
                for (int start = 0; start < len; start += block) {
                    if (rnd.nextDouble() < sparsity) {
                        java.util.Arrays.fill(w, r * len + start, r * len + start + block, 0f);
                    }
                }
            }
        }
        return w;
    }

    private static float[] bias(Random rnd, int rows) {
        float[] b = new float[rows];
        for (int i = 0; i < rows; i++) {
            b[i] = (float) (0.05 * rnd.nextGaussian());
        }
        return b;
    }
}
