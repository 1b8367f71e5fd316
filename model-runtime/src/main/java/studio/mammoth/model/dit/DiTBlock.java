package studio.mammoth.model.dit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import studio.mammoth.model.nn.Attention;
import studio.mammoth.model.nn.LayerNorm;
import studio.mammoth.model.nn.Linear;
import studio.mammoth.model.nn.Parameters;
import studio.mammoth.model.nn.SwiGlu;

/**
 * A DiT block with adaLN-Zero timestep modulation: the timestep embedding yields shift, scale and gate for the
 * attention and the FFN branch; the gates start at zero, so a fresh block is the identity.
 * Full (bidirectional) self-attention over the single stream [condition | latents].
 */
public final class DiTBlock {
    private final Linear modulation; // (D) -> 6 D, zero-initialised
    private final Attention attention;
    private final SwiGlu ffn;

    public DiTBlock(Parameters p, String name, DitConfig config) {
        int d = config.width();
        modulation = new Linear(p, name + ".modulation", d, 6 * d, true, 0);
        attention = new Attention(p, name + ".attn", d, d, config.heads());
        ffn = new SwiGlu(p, name + ".ffn", d, SwiGlu.hiddenFor(d));
    }

    /** x (B, N, D), time (B, D) already through SiLU, mask (B, 1, 1, N) additive. */
    public NDArray forward(NDArray x, NDArray time, NDArray mask) {
        NDList m = modulation.forward(time).expandDims(1).split(6, 2); // 6 x (B, 1, D)
        NDArray h = modulate(LayerNorm.plain(x), m.get(0), m.get(1));
        x = x.add(attention.forward(h, h, mask, null).mul(m.get(2)));
        NDArray f = modulate(LayerNorm.plain(x), m.get(3), m.get(4));
        return x.add(ffn.forward(f).mul(m.get(5)));
    }

    static NDArray modulate(NDArray x, NDArray shift, NDArray scale) {
        return x.mul(scale.add(1f)).add(shift);
    }
}
