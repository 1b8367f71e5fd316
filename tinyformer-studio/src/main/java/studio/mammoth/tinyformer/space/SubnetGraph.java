package studio.mammoth.tinyformer.space;

import studio.mammoth.tinyformer.ir.Activation;
import studio.mammoth.tinyformer.ir.ConvGeometry;
import studio.mammoth.tinyformer.ir.FloatModel;
import studio.mammoth.tinyformer.ir.Shape;
import studio.mammoth.tinyformer.prune.LayerSparsity;
import studio.mammoth.tinyformer.prune.SparsityPlan;

/**
 * A subnet as the compiler's float IR: the same graph the supernet's forward pass computes, in the operators of
 * INTEGER_SEMANTICS.md (batch norm already folded by the {@link WeightSource}). Tensor names equal the activation
 * names quantisation-aware training observes ("s0.b1.dw.out"), so its ranges can be handed to the quantiser.
 */
public final class SubnetGraph {

    /** Where the float weights come from: a trained supernet, or synthetic values for a size-only compile. */
    public interface WeightSource {
        /**
         * Weights and bias of a convolution or linear layer, BN folded: {weights row-major [out][kh][kw][in/groups], bias[out]}.
         * (For this network kh = kw = 1 or in/groups = 1, so PyTorch's [out][in][kh][kw] order is already OHWI.)
         */
        float[][] weighted(LayerShape layer);

        /** {gamma, beta} of a LayerNorm. */
        float[][] norm(String name, int width);
    }

    private SubnetGraph() {
    }

    public static FloatModel build(SearchSpace space, ArchConfig arch, SparsityPlan sparsity, WeightSource source) {
        java.util.Map<String, LayerShape> shapes = new java.util.HashMap<>();
        for (LayerShape l : arch.layers(space)) {
            shapes.put(l.name(), l);
        }
        int r = space.resolution();
        FloatModel.Builder b = FloatModel.builder(arch.describe(space), new Shape(r, r, 1));
        int x = conv(b, "stem", b.input(), shapes.get("stem"), ConvGeometry.same(3, 1), Activation.RELU, sparsity, source);
        for (int s = 0; s < arch.stageDepths().length; s++) {
            for (int k = 0; k < arch.stageDepths()[s]; k++) {
                String p = "s" + s + ".b" + k;
                LayerShape dw = shapes.get(p + ".dw");
                int y = conv(b, p + ".expand", x, shapes.get(p + ".expand"), ConvGeometry.same(1, 1), Activation.RELU, sparsity, source);
                float[][] wd = source.weighted(dw);
                y = b.depthwise(p + ".dw.out", y, ConvGeometry.same(dw.kernel(), dw.stride()), wd[0], wd[1], Activation.RELU,
                        blockSize(dw, sparsity));
                LayerShape proj = shapes.get(p + ".project");
                y = conv(b, p + ".project", y, proj, ConvGeometry.same(1, 1), Activation.NONE, sparsity, source);
                if (dw.stride() == 1 && b.shape(x).equals(b.shape(y))) {
                    y = b.add(p + ".add.out", y, x, Activation.NONE);
                }
                x = y;
            }
        }
        int e = space.embedWidth(arch.embedChoice());
        x = fc(b, "tok", x, shapes.get("tok"), sparsity, source);
        for (int t = 0; t < arch.transformerDepth(); t++) {
            String p = "t" + t;
            int a = norm(b, p + ".ln1", x, e, source);
            int q = fc(b, p + ".q", a, shapes.get(p + ".q"), sparsity, source);
            int k = fc(b, p + ".k", a, shapes.get(p + ".k"), sparsity, source);
            int v = fc(b, p + ".v", a, shapes.get(p + ".v"), sparsity, source);
            int scores = b.attentionScores(p + ".scores", q, k, arch.heads()[t]);
            int probs = b.softmax(p + ".probs", scores);
            int ctx = b.attentionContext(p + ".ctx", probs, v, arch.heads()[t]);
            int o = fc(b, p + ".o", ctx, shapes.get(p + ".o"), sparsity, source);
            x = b.add(p + ".add1.out", x, o, Activation.NONE);
            int m = norm(b, p + ".ln2", x, e, source);
            LayerShape fc1 = shapes.get(p + ".fc1");
            float[][] w1 = source.weighted(fc1);
            m = b.fullyConnected(p + ".fc1.pre", m, fc1.out(), w1[0], w1[1], Activation.NONE, blockSize(fc1, sparsity));
            m = b.gelu(p + ".fc1.out", m);
            m = fc(b, p + ".fc2", m, shapes.get(p + ".fc2"), sparsity, source);
            x = b.add(p + ".add2.out", x, m, Activation.NONE);
        }
        x = norm(b, "head.ln", x, e, source);
        x = b.globalAvgPool("pool.out", x);
        LayerShape head = shapes.get("head.fc");
        float[][] wh = source.weighted(head);
        return b.build(b.fullyConnected("logits", x, head.out(), wh[0], wh[1], Activation.NONE, blockSize(head, sparsity)));
    }

    private static int conv(FloatModel.Builder b, String name, int in, LayerShape l, ConvGeometry g, Activation act, SparsityPlan sp,
                            WeightSource source) {
        float[][] w = source.weighted(l);
        return b.conv2d(name + ".out", in, l.out(), g, w[0], w[1], act, blockSize(l, sp));
    }

    private static int fc(FloatModel.Builder b, String name, int in, LayerShape l, SparsityPlan sp, WeightSource source) {
        float[][] w = source.weighted(l);
        return b.fullyConnected(name + ".out", in, l.out(), w[0], w[1], Activation.NONE, blockSize(l, sp));
    }

    private static int norm(FloatModel.Builder b, String name, int in, int width, WeightSource source) {
        float[][] gb = source.norm(name, width);
        return b.layerNorm(name + ".out", in, gb[0], gb[1], 1e-5f);
    }

    /** The blob's block size for a layer: its gene's block when it is pruned, 0 (dense) otherwise. */
    public static int blockSize(LayerShape l, SparsityPlan sp) {
        if (!l.prunable()) {
            return 0;
        }
        LayerSparsity s = sp.of(l.name());
        return s.sparsity() == 0 ? 0 : s.blockFor(l.rowLength());
    }
}
