package studio.mammoth.model.ar;

import ai.djl.ndarray.NDArray;
import studio.mammoth.model.nn.Attention;
import studio.mammoth.model.nn.KvCache;
import studio.mammoth.model.nn.Parameters;
import studio.mammoth.model.nn.RmsNorm;
import studio.mammoth.model.nn.SwiGlu;

/** One pre-norm decoder layer: shared causal self-attention, then a plain FFN or the generation experts. */
public final class ArBlock {
    private final RmsNorm attentionNorm;
    private final Attention attention;
    private final RmsNorm ffnNorm;
    private final SwiGlu ffn;                 // shallow layers
    private final GenerationExperts experts;  // deep layers

    public ArBlock(Parameters p, String name, ArConfig config, boolean withExperts) {
        int d = config.width();
        this.attentionNorm = new RmsNorm(p, name + ".attn_norm", d);
        this.attention = new Attention(p, name + ".attn", d, d, config.heads());
        this.ffnNorm = new RmsNorm(p, name + ".ffn_norm", d);
        this.ffn = withExperts ? null : new SwiGlu(p, name + ".ffn", d, SwiGlu.hiddenFor(d));
        this.experts = withExperts ? new GenerationExperts(p, name, d) : null;
    }

    /** x (B, T, D), mask (B, 1, T, S), isCode (B, T, 1) -> (B, T, D). */
    public NDArray forward(NDArray x, NDArray mask, NDArray isCode, KvCache.Layer cache) {
        NDArray n = attentionNorm.forward(x);
        NDArray h = x.add(attention.forward(n, n, mask, cache));
        NDArray m = ffnNorm.forward(h);
        return h.add(experts != null ? experts.forward(m, isCode) : ffn.forward(m));
    }
}
