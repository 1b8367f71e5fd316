package studio.mammoth.model.dit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import studio.mammoth.model.align.Condition;
import studio.mammoth.model.nn.LayerNorm;
import studio.mammoth.model.nn.Linear;
import studio.mammoth.model.nn.Parameters;

/**
 * Single-stream DiT with in-context conditioning: the condition tokens and the noisy latent tokens (one per
 * grid cell) form ONE sequence through full self-attention blocks; only the latent positions are decoded
 * into a velocity. Condition tokens that are blocked (padding, dropout, the unconditional CFG branch) are
 * masked as keys, so an unconditional pass sees the latents alone.
 * For an edit the stream is [condition | reference latents | noisy latents]: the source's latents with the index
 * embedding of reference 0 (the paper allows several), and every latent and reference token carries the brush mask.
 */
public final class DiffusionTransformer {
    private static final float BLOCKED = -1e9f;
    private final DitConfig config;
    private final int latentDim;
    private final int tokens;
    private final Linear latentIn;
    private final NDArray latentPosition;    // (G*G, D)
    private final NDArray conditionPosition; // (C, D)
    private final int spatialTokens;         // the last condition tokens that stand for latent cells, in grid order
    private final TimestepEmbedding timestep;
    private final List<DiTBlock> blocks = new ArrayList<>();
    private final Linear finalModulation;    // (D) -> 2 D, zero-initialised
    private final Linear latentOut;          // zero-initialised: a fresh model predicts zero velocity
    private final Linear referenceIn;        // editing only: source latents -> tokens
    private final NDArray referenceIndex;    // editing only: (1, D) index embedding of the one reference
    private final Linear maskIn;             // editing only: [cell inside the mask, a mask was given] -> (D)

    /**
     * @param spatialTokens 0, or G*G when the condition ends with one token per latent cell (a spatial alignment module):
     *                      those tokens also get the latent position embedding of their cell, so plan and latent line up
     * @param references    whether the DiT takes an edit's source latents and mask ({@link Reference})
     */
    public DiffusionTransformer(Parameters p, DitConfig config, int latentDim, int grid, int conditionTokens, int spatialTokens,
                                boolean references) {
        if (spatialTokens != 0 && (spatialTokens != grid * grid || spatialTokens > conditionTokens)) {
            throw new IllegalArgumentException("spatial condition tokens must be one per latent cell (" + grid * grid + ")");
        }
        this.config = config;
        this.spatialTokens = spatialTokens;
        this.latentDim = latentDim;
        this.tokens = grid * grid;
        int d = config.width();
        latentIn = new Linear(p, "dit.latent_in", latentDim, d, true);
        latentPosition = p.normal("dit.latent_position", 0.02, tokens, d);
        conditionPosition = p.normal("dit.condition_position", 0.02, conditionTokens, d);
        timestep = new TimestepEmbedding(p, "dit.time", d);
        for (int i = 0; i < config.layers(); i++) {
            blocks.add(new DiTBlock(p, "dit.block" + i, config));
        }
        finalModulation = new Linear(p, "dit.final_modulation", d, 2 * d, true, 0);
        latentOut = new Linear(p, "dit.latent_out", d, latentDim, true, 0);
        referenceIn = references ? new Linear(p, "dit.reference_in", latentDim, d, true) : null;
        referenceIndex = references ? p.normal("dit.reference_index", 0.02, 1, d) : null;
        maskIn = references ? new Linear(p, "dit.mask_in", 2, d, true) : null;
    }

    /**
     * @param noisy     x_t as (B, latentDim, G, G)
     * @param t         per sample, 0 = pure noise, 1 = data
     * @param condition (B, C, D) tokens and their blocked flags
     * @param dropped   per sample: true = ignore the whole condition (dropout in training, unconditional branch)
     * @return velocity (B, latentDim, G, G)
     */
    public NDArray forward(NDArray noisy, float[] t, Condition condition, boolean[] dropped) {
        return forward(noisy, t, condition, dropped, null);
    }

    /** As above; with a reference (edits) the stream holds the source's latent tokens between condition and latents. */
    public NDArray forward(NDArray noisy, float[] t, Condition condition, boolean[] dropped, Reference reference) {
        NDManager scope = noisy.getManager();
        int b = t.length;
        int g = (int) noisy.getShape().get(2);
        int c = condition.count();
        int r = reference == null ? 0 : tokens;
        NDArray latents = latentIn.forward(noisy.transpose(0, 2, 3, 1).reshape(b, tokens, latentDim)) // (B, G*G, D)
                .add(latentPosition);
        NDArray cond = Parameters.inScope(condition.tokens(), scope).add(conditionPosition);          // (B, C, D)
        if (spatialTokens > 0) {
            cond = cond.get(new NDIndex(":, 0:{}, :", c - spatialTokens))
                    .concat(cond.get(new NDIndex(":, {}:, :", c - spatialTokens)).add(latentPosition), 1);
        }
        NDArray x;
        if (reference == null) {
            x = cond.concat(latents, 1);                                                             // (B, C + G*G, D)
        } else {
            if (referenceIn == null) {
                throw new IllegalStateException("this DiT was not trained for edits (no reference inputs)");
            }
            NDArray maskTokens = maskIn.forward(scope.create(maskFeatures(reference), new Shape(b, tokens, 2))); // (B, G*G, D)
            NDArray ref = referenceIn.forward(Parameters.inScope(reference.latents(), scope).transpose(0, 2, 3, 1)
                    .reshape(b, tokens, latentDim)).add(latentPosition).add(referenceIndex).add(maskTokens);    // (B, G*G, D)
            x = cond.concat(ref, 1).concat(latents.add(maskTokens), 1);                              // (B, C + 2 G*G, D)
        }
        int n = c + r + tokens;
        float[] mask = new float[b * n];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < c; j++) {
                mask[i * n + j] = dropped[i] || condition.blocked()[i * c + j] ? BLOCKED : 0f;
            }
            for (int j = c; j < c + r; j++) {
                mask[i * n + j] = reference.dropped()[i] ? BLOCKED : 0f;
            }
        }
        NDArray keyMask = scope.create(mask, new Shape(b, 1, 1, n));
        NDArray time = TimestepEmbedding.silu(timestep.forward(scope, t));                           // (B, D)
        for (DiTBlock block : blocks) {
            x = block.forward(x, time, keyMask);
        }
        NDArray latentStates = x.get(new NDIndex(":, {}:, :", c + r));                                // (B, G*G, D)
        NDList m = finalModulation.forward(time).expandDims(1).split(2, 2);
        NDArray out = latentOut.forward(DiTBlock.modulate(LayerNorm.plain(latentStates), m.get(0), m.get(1)));
        return out.reshape(b, g, g, latentDim).transpose(0, 3, 1, 2);
    }

    /** (B, G*G, 2): the cell's fraction inside the mask, and whether a mask was given at all. */
    private float[] maskFeatures(Reference reference) {
        int b = reference.batch();
        float[] out = new float[b * tokens * 2];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < tokens; j++) {
                out[(i * tokens + j) * 2] = reference.region()[i * tokens + j];
                out[(i * tokens + j) * 2 + 1] = reference.masked()[i] ? 1f : 0f;
            }
        }
        return out;
    }

    public DitConfig config() {
        return config;
    }
}
