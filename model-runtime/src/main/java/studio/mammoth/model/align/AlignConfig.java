package studio.mammoth.model.align;

/**
 * Sizes of the AR -> DiT alignment module.
 *
 * @param aggregateLayers how many of the AR's last layers are averaged (the paper: 6 layers, stride 3, of 28/36)
 * @param queries         Q-Former learnable queries (the paper: 128 for 1024 codes; here 64 codes)
 * @param qformerLayers   Q-Former depth (the paper: 2)
 */
public record AlignConfig(int aggregateLayers, int queries, int qformerLayers, int heads) {
    public static AlignConfig standard() {
        return new AlignConfig(3, 16, 2, 4);
    }

    public static AlignConfig tiny() {
        return new AlignConfig(2, 16, 1, 2);
    }
}
