package studio.mammoth.model.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.List;
import studio.mammoth.model.ar.PlanLayout;
import studio.mammoth.model.nn.Linear;
import studio.mammoth.model.nn.Parameters;
import studio.mammoth.model.nn.RmsNorm;

/**
 * Turns the AR's hidden states into the DiT's condition:
 * 1. multi-layer aggregation — plain mean of the last {@code aggregateLayers} layers' states;
 * 2. unified condition encoding — prompt-token states -> RMSNorm -> Linear; image-code states -> Q-Former;
 *    condition = [text ; queries].
 * Without a plan (the DiT-only ablation) there are no image-code states: the condition is the text tokens alone.
 */
public final class AlignmentModule {
    private final AlignConfig config;
    private final PlanLayout layout;
    private final RmsNorm textNorm;
    private final Linear textProjection;
    private final QFormer qformer; // null without a plan

    public AlignmentModule(Parameters p, AlignConfig config, PlanLayout layout, int arWidth, int ditWidth) {
        this(p, config, layout, arWidth, ditWidth, true);
    }

    /** @param planned whether the AR plans image codes (false: the DiT-only ablation, text condition only) */
    public AlignmentModule(Parameters p, AlignConfig config, PlanLayout layout, int arWidth, int ditWidth, boolean planned) {
        this.config = config;
        this.layout = layout;
        textNorm = new RmsNorm(p, "align.text_norm", arWidth);
        textProjection = new Linear(p, "align.text_proj", arWidth, ditWidth, true);
        if (config.spatial() && config.queries() != layout.grid() * layout.grid()) {
            throw new IllegalArgumentException("a spatial alignment module has one query per latent cell: " + layout.grid() * layout.grid()
                    + ", not " + config.queries());
        }
        qformer = planned ? new QFormer(p, "align.qformer", config, arWidth, ditWidth, layout.grid() * layout.grid()) : null;
    }

    /** Mean of the last layers' states: each (B, L, Dar) -> (B, L, Dar). */
    public NDArray aggregate(List<NDArray> layerStates) {
        int n = Math.min(config.aggregateLayers(), layerStates.size());
        NDArray sum = layerStates.get(layerStates.size() - 1);
        for (int i = 2; i <= n; i++) {
            sum = sum.add(layerStates.get(layerStates.size() - i));
        }
        return sum.div(n);
    }

    /** As {@link #encode(List, boolean[])} over the states from position {@code offset} on (after an edit's source segment). */
    public Condition encode(List<NDArray> layerStates, int offset, boolean[] promptBlocked) {
        if (offset == 0) {
            return encode(layerStates, promptBlocked);
        }
        List<NDArray> sliced = new java.util.ArrayList<>();
        for (NDArray s : layerStates) {
            sliced.add(s.get(new NDIndex(":, {}:, :", offset)));
        }
        return encode(sliced, promptBlocked);
    }

    /**
     * @param layerStates   AR states over the generation layout, each (B, L, Dar); without a plan only the prompt, (B, P, Dar)
     * @param promptBlocked (B * P) true where the prompt slot is padding (or the prompt is dropped)
     * @return condition tokens (B, P + Q, Ddit)
     */
    public Condition encode(List<NDArray> layerStates, boolean[] promptBlocked) {
        NDArray mean = aggregate(layerStates);
        long b = mean.getShape().get(0);
        int p = layout.promptLength();
        int g = layout.grid();
        NDArray text = textProjection.forward(textNorm.forward(mean.get(new NDIndex(":, 0:{}, :", p))));  // (B, P, Ddit)
        if (qformer == null) {
            return new Condition(text, promptBlocked.clone());
        }
        NDArray rows = mean.get(new NDIndex(":, {}:{}, :", p + 1, p + 1 + g * (g + 1)))                   // (B, G*(G+1), Dar)
                .reshape(b, g, g + 1, -1).get(new NDIndex(":, :, 0:{}, :", g)).reshape(b, (long) g * g, -1); // (B, G*G, Dar) codes only
        NDArray queries = qformer.forward(rows);                                                           // (B, Q, Ddit)
        int c = p + config.queries();
        boolean[] blocked = new boolean[(int) b * c];
        for (int i = 0; i < b; i++) {
            System.arraycopy(promptBlocked, i * p, blocked, i * c, p);
        }
        return new Condition(text.concat(queries, 1), blocked);
    }

    public int conditionTokens() {
        return layout.promptLength() + (qformer == null ? 0 : config.queries());
    }

    /** How many of the last condition tokens stand for latent cells, in grid order (0 unless spatial with a plan). */
    public int spatialTokens() {
        return qformer != null && config.spatial() ? config.queries() : 0;
    }
}
