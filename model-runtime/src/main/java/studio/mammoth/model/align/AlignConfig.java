package studio.mammoth.model.align;

/**
 * Sizes of the AR -> DiT alignment module.
 *
 * @param aggregateLayers how many of the AR's last layers are averaged (the paper: 6 layers, stride 3, of 28/36)
 * @param queries         Q-Former learnable queries (the paper: 128 for 1024 codes)
 * @param qformerLayers   Q-Former depth (the paper: 2)
 * @param spatial         one query per latent cell: the plan states carry a position embedding into the Q-Former, and the
 *                        DiT gives query i the position embedding of latent cell i. At 64 codes the paper's 8:1 compression
 *                        (16 queries) lost where things are: given the true plan of a world picture, the DiT drew blobs in
 *                        roughly the right places (session 3 diagnosis), so our standard keeps the plan's grid.
 *                        Headers written before this field read false.
 */
public record AlignConfig(int aggregateLayers, int queries, int qformerLayers, int heads, boolean spatial) {
    public AlignConfig {
        if (aggregateLayers < 1 || queries < 1 || qformerLayers < 1 || heads < 1) {
            throw new IllegalArgumentException("alignment sizes must be positive");
        }
    }

    /** @param grid the latent grid side; a spatial module has grid * grid queries */
    public static AlignConfig standard(int grid) {
        return new AlignConfig(3, grid * grid, 2, 4, true);
    }

    /** The compressing Q-Former of the first shipped generator (16 queries, no positions): still loads. */
    public static AlignConfig compressed() {
        return new AlignConfig(3, 16, 2, 4, false);
    }

    public static AlignConfig tiny() {
        return new AlignConfig(2, 16, 1, 2, false);
    }
}
