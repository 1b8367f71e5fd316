package studio.mammoth.tinyformer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import studio.mammoth.tinyformer.data.BatchSampler;
import studio.mammoth.tinyformer.space.ArchConfig;
import studio.mammoth.tinyformer.space.SearchSpace;

/**
 * The weight-sharing network of a {@link SearchSpace} (once-for-all style): every tensor is allocated at the largest
 * size and a subnet uses a slice of it.
 * <ul>
 *   <li>elastic depth: a stage runs its first {@code depth} blocks;</li>
 *   <li>elastic expansion: the hidden layer uses the first {@code expansion * in} channels;</li>
 *   <li>elastic kernel: a k x k depthwise kernel is the centre of the shared 7 x 7 one (OFA adds a learned kernel
 *       transform here; plain centre cropping is a simplification);</li>
 *   <li>elastic embedding width / MLP width: the first E (or E * ratio) rows and columns of every transformer matrix;
 *       heads split the active width evenly.</li>
 * </ul>
 * Batch normalisation never tracks running statistics while the supernet trains (they would mix subnets); a subnet's
 * statistics are measured by {@link #recalibrate} before it is evaluated, as OFA does.
 */
public final class Supernet {
    static final float BN_EPS = 1e-5f;
    static final float LN_EPS = 1e-5f;
    static final int MAX_KERNEL = 7;

    private final SearchSpace space;
    private final ParameterStore params;

    /** What one forward pass does besides computing logits. */
    public record Mode(boolean training, Map<String, NDArray> masks, FakeQuant quant, BnStatistics statistics) {
        public static Mode train() {
            return new Mode(true, Map.of(), null, null);
        }

        public static Mode eval() {
            return new Mode(false, Map.of(), null, null);
        }

        public Mode withMasks(Map<String, NDArray> m) {
            return new Mode(training, m, quant, statistics);
        }

        public Mode withQuant(FakeQuant q) {
            return new Mode(training, masks, q, statistics);
        }
    }

    public Supernet(SearchSpace space, NDManager manager, long seed) {
        this.space = space;
        this.params = new ParameterStore(manager);
        init(new Random(seed));
    }

    public SearchSpace space() {
        return space;
    }

    public ParameterStore parameters() {
        return params;
    }

    private void init(Random rnd) {
        int c = space.stemChannels();
        params.heNormal("stem.w", rnd, c, 1, 3, 3);
        batchNormParams("stem.bn", c);
        for (int s = 0; s < space.convStages().size(); s++) {
            SearchSpace.ConvStageSpec spec = space.convStages().get(s);
            int cout = space.stageChannels(s);
            for (int b = 0; b < spec.maxDepth(); b++) {
                int cin = b == 0 ? c : cout;
                int hidden = cin * maxExpansion();
                String p = "s" + s + ".b" + b;
                params.heNormal(p + ".expand.w", rnd, hidden, cin, 1, 1);
                batchNormParams(p + ".expand.bn", hidden);
                params.heNormal(p + ".dw.w", rnd, hidden, 1, MAX_KERNEL, MAX_KERNEL);
                batchNormParams(p + ".dw.bn", hidden);
                params.heNormal(p + ".project.w", rnd, cout, hidden, 1, 1);
                batchNormParams(p + ".project.bn", cout);
            }
            c = cout;
        }
        int e = space.maxEmbedWidth();
        linearParams("tok", c, e, rnd);
        int h = e * space.maxMlpRatio();
        for (int b = 0; b < space.transformer().maxDepth(); b++) {
            String p = "t" + b;
            layerNormParams(p + ".ln1", e);
            for (String proj : new String[] {"q", "k", "v", "o"}) {
                linearParams(p + "." + proj, e, e, rnd);
            }
            layerNormParams(p + ".ln2", e);
            linearParams(p + ".fc1", e, h, rnd);
            linearParams(p + ".fc2", h, e, rnd);
        }
        layerNormParams("head.ln", e);
        linearParams("head.fc", e, SearchSpace.CLASSES, rnd);
    }

    private static int maxExpansion() {
        return java.util.Arrays.stream(SearchSpace.EXPANSIONS).max().orElseThrow();
    }

    private void batchNormParams(String p, int c) {
        params.constant(p + ".g", 1f, c);
        params.constant(p + ".b", 0f, c);
        params.buffer(p + ".mean", 0f, c);
        params.buffer(p + ".var", 1f, c);
    }

    private void layerNormParams(String p, int c) {
        params.constant(p + ".g", 1f, c);
        params.constant(p + ".b", 0f, c);
    }

    private void linearParams(String p, int in, int out, Random rnd) {
        params.normal(p + ".w", rnd, Math.sqrt(1.0 / in), out, in);
        params.constant(p + ".b", 0f, out);
    }

    /**
     * Logits of subnet {@code arch} for images x (N x 1 x R x R) -> N x 10. All intermediate arrays, weight slices
     * included, attach to x's manager: call it inside a per-step sub-manager.
     */
    public NDArray forward(NDArray x, ArchConfig arch, Mode mode) {
        Pass pass = new Pass(mode, x.getManager());
        NDArray h = pass.act("input", x);
        int c = space.stemChannels();
        h = Activation.relu(pass.convBn("stem", h, c, 1, 3, 1, 1, 1));
        h = pass.act("stem.out", h);
        for (int s = 0; s < arch.stageDepths().length; s++) {
            int cout = space.stageChannels(s);
            for (int b = 0; b < arch.stageDepths()[s]; b++) {
                int stride = b == 0 ? space.convStages().get(s).stride() : 1;
                String p = "s" + s + ".b" + b;
                int hidden = c * arch.expansions()[s][b];
                int k = arch.kernels()[s][b];
                NDArray y = Activation.relu(pass.convBn(p + ".expand", h, hidden, c, 1, 1, 0, 1));
                y = pass.act(p + ".expand.out", y);
                y = Activation.relu(pass.convBn(p + ".dw", y, hidden, 1, k, stride, k / 2, hidden));
                y = pass.act(p + ".dw.out", y);
                y = pass.convBn(p + ".project", y, cout, hidden, 1, 1, 0, 1);
                y = pass.act(p + ".project.out", y);
                if (stride == 1 && c == cout) {
                    y = pass.act(p + ".add.out", y.add(h));
                }
                h = y;
                c = cout;
            }
        }
        // N x C x H x W -> N x T x C tokens, T = H * W (row-major over the feature map)
        long n = h.getShape().get(0);
        long tokens = h.getShape().get(2) * h.getShape().get(3);
        h = h.reshape(n, c, tokens).transpose(0, 2, 1);
        int e = space.embedWidth(arch.embedChoice());
        h = pass.act("tok.out", pass.linear("tok", h, e, c));
        for (int b = 0; b < arch.transformerDepth(); b++) {
            String p = "t" + b;
            NDArray a = pass.act(p + ".ln1.out", pass.layerNorm(p + ".ln1", h, e));
            a = pass.attention(p, a, e, arch.heads()[b]);
            h = pass.act(p + ".add1.out", h.add(a));
            NDArray m = pass.act(p + ".ln2.out", pass.layerNorm(p + ".ln2", h, e));
            int hidden = e * arch.mlpRatios()[b];
            m = pass.act(p + ".fc1.pre", pass.linear(p + ".fc1", m, hidden, e));
            m = pass.act(p + ".fc1.out", Activation.gelu(m));
            m = pass.act(p + ".fc2.out", pass.linear(p + ".fc2", m, e, hidden));
            h = pass.act(p + ".add2.out", h.add(m));
        }
        h = pass.act("head.ln.out", pass.layerNorm("head.ln", h, e));
        h = pass.act("pool.out", h.mean(new int[] {1}));
        return pass.act("logits", pass.linear("head.fc", h, SearchSpace.CLASSES, e));
    }

    /** The weight of layer {@code name} as the subnet uses it: masked, then sliced to [out, in(, k, k)]. */
    NDArray activeWeight(String name, Map<String, NDArray> masks, int out, int in, int kernel, NDManager scope) {
        NDArray w = params.inScope(name + ".w", scope);
        NDArray mask = masks.get(name);
        if (mask != null) {
            w = w.mul(mask);
        }
        if (w.getShape().dimension() == 2) {
            return w.get(new NDIndex(":{}, :{}", out, in));
        }
        long full = w.getShape().get(2);
        long off = (full - kernel) / 2;
        return w.get(new NDIndex(":{}, :{}, {}:{}, {}:{}", out, in, off, off + kernel, off, off + kernel));
    }

    /** One forward pass's state: the mode and the per-layer operations. */
    private final class Pass {
        private final Mode mode;
        private final NDManager scope;

        Pass(Mode mode, NDManager scope) {
            this.mode = mode;
            this.scope = scope;
        }

        /** The first {@code size} entries of a 1-D parameter, in the pass's scope. */
        NDArray head(String name, long size) {
            return params.inScope(name, scope).get(new NDIndex(":{}", size));
        }

        NDArray act(String name, NDArray x) {
            return mode.quant() == null ? x : mode.quant().activation(name, x);
        }

        /** conv (no bias) + batch norm; under fake quantisation the norm is folded into the conv first, as deployed. */
        NDArray convBn(String name, NDArray x, int out, int in, int k, int stride, int pad, int groups) {
            NDArray w = activeWeight(name, mode.masks(), out, in, k, scope);
            NDArray g = head(name + ".bn.g", out);
            NDArray beta = head(name + ".bn.b", out);
            NDArray mean = head(name + ".bn.mean", out);
            NDArray var = head(name + ".bn.var", out);
            Shape st = new Shape(stride, stride);
            Shape pd = new Shape(pad, pad);
            Shape dil = new Shape(1, 1);
            if (mode.quant() != null) {
                NDArray factor = g.div(var.add(BN_EPS).sqrt()); // out
                NDArray folded = w.mul(factor.reshape(out, 1, 1, 1));
                NDArray bias = beta.sub(mean.mul(factor));
                return Conv2d.conv2d(x, FakeQuant.weights(folded), bias, st, pd, dil, groups).singletonOrThrow();
            }
            NDArray y = Conv2d.conv2d(x, w, null, st, pd, dil, groups).singletonOrThrow();
            if (mode.statistics() != null) {
                mode.statistics().accumulate(name, y);
            }
            if (mode.training() || mode.statistics() != null) {
                NDManager m = y.getManager();
                return BatchNorm.batchNorm(y, m.zeros(new Shape(out)), m.ones(new Shape(out)), g, beta, 1, 0.1f, BN_EPS, true)
                        .singletonOrThrow();
            }
            return BatchNorm.batchNorm(y, mean, var, g, beta, 1, 0.1f, BN_EPS, false).singletonOrThrow();
        }

        NDArray linear(String name, NDArray x, int out, int in) {
            NDArray w = activeWeight(name, mode.masks(), out, in, 1, scope);
            NDArray b = head(name + ".b", out);
            if (mode.quant() != null) {
                w = FakeQuant.weights(w);
            }
            return Linear.linear(x, w, b).singletonOrThrow();
        }

        NDArray layerNorm(String name, NDArray x, int e) {
            return LayerNorm.layerNorm(x, new Shape(e), head(name + ".g", e), head(name + ".b", e), LN_EPS)
                    .singletonOrThrow();
        }

        /** Multi-head self-attention over N x T x E tokens; the 1/sqrt(d) scale is applied to Q (foldable into it). */
        NDArray attention(String p, NDArray x, int e, int heads) {
            long n = x.getShape().get(0);
            long t = x.getShape().get(1);
            int d = e / heads;
            NDArray q = act(p + ".q.out", linear(p + ".q", x, e, e));
            NDArray k = act(p + ".k.out", linear(p + ".k", x, e, e));
            NDArray v = act(p + ".v.out", linear(p + ".v", x, e, e));
            q = q.reshape(n, t, heads, d).transpose(0, 2, 1, 3); // N x H x T x d
            k = k.reshape(n, t, heads, d).transpose(0, 2, 3, 1); // N x H x d x T
            v = v.reshape(n, t, heads, d).transpose(0, 2, 1, 3); // N x H x T x d
            // 1/sqrt(d) scales the scores (the integer engine folds it into the scores' requantisation)
            NDArray scores = act(p + ".scores", q.matMul(k).mul((float) (1.0 / Math.sqrt(d)))); // N x H x T x T
            NDArray probs = scores.softmax(-1);
            if (mode.quant() != null) {
                probs = FakeQuant.fixed(probs, 1f / 256, -128); // the integer softmax's fixed output quantisation
            }
            NDArray ctx = probs.matMul(v).transpose(0, 2, 1, 3).reshape(n, t, e); // N x T x E
            ctx = act(p + ".ctx", ctx);
            return act(p + ".o.out", linear(p + ".o", ctx, e, e));
        }
    }

    /** Batch-norm statistics measured over several batches, per layer (mean of E[x] and of E[x^2]). */
    public static final class BnStatistics {
        private final Map<String, double[]> sum = new HashMap<>();
        private final Map<String, double[]> sumSq = new HashMap<>();
        private final Map<String, Integer> batches = new HashMap<>();

        void accumulate(String layer, NDArray y) {
            NDArray perChannel = y.transpose(1, 0, 2, 3).reshape(y.getShape().get(1), -1); // C x (N*H*W)
            float[] mean = perChannel.mean(new int[] {1}).toFloatArray();
            float[] sq = perChannel.square().mean(new int[] {1}).toFloatArray();
            double[] s = sum.computeIfAbsent(layer, k -> new double[mean.length]);
            double[] q = sumSq.computeIfAbsent(layer, k -> new double[mean.length]);
            for (int i = 0; i < mean.length; i++) {
                s[i] += mean[i];
                q[i] += sq[i];
            }
            batches.merge(layer, 1, Integer::sum);
        }
    }

    /**
     * Measures the batch-norm statistics of {@code arch} on the given batches (forward only) and stores them as the
     * running mean and variance of the active channels: OFA's recalibration, and what SparseNAS runs after pruning.
     */
    public void recalibrate(ArchConfig arch, Map<String, NDArray> masks, java.util.List<BatchSampler.Batch> batches) {
        BnStatistics stats = new BnStatistics();
        Mode mode = new Mode(false, masks, null, stats);
        for (BatchSampler.Batch batch : batches) {
            try (NDManager step = params.manager().newSubManager()) {
                forward(batch.toArrays(step)[0], arch, mode);
            }
        }
        for (Map.Entry<String, double[]> e : stats.sum.entrySet()) {
            int count = stats.batches.get(e.getKey());
            double[] s = e.getValue();
            double[] q = stats.sumSq.get(e.getKey());
            NDArray meanBuf = params.get(e.getKey() + ".bn.mean");
            NDArray varBuf = params.get(e.getKey() + ".bn.var");
            float[] mean = meanBuf.toFloatArray();
            float[] var = varBuf.toFloatArray();
            for (int i = 0; i < s.length; i++) {
                mean[i] = (float) (s[i] / count);
                var[i] = (float) Math.max(0, q[i] / count - mean[i] * (double) mean[i]);
            }
            meanBuf.set(mean);
            varBuf.set(var);
        }
    }
}
