package studio.mammoth.tinyformer.space;

import java.util.List;

/**
 * One candidate search space: the hybrid network family at one width multiplier and one input resolution.
 * SuperNAS compares several of these; the supernet is trained over the chosen one.
 *
 * <p>Network, top to bottom (N = batch, R = resolution):
 * <pre>
 *   input            N x 1 x R x R
 *   stem             3x3 conv, stride 1, BN, ReLU          -> stemChannels
 *   conv stage s     inverted-residual blocks (1x1 expand, kxk depthwise, 1x1 project, BN each,
 *                    ReLU after expand and depthwise); the first block of a stage carries the stride
 *   tokens           1x1 projection of the last feature map to embedding width E: N x T x E, T = H*W
 *   transformer t    pre-norm blocks: x + MHA(LN(x)), x + MLP(LN(x)) with GELU
 *   head             LN, mean over tokens, linear -> 10 classes
 * </pre>
 *
 * @param widthMultiplier scales every channel count and embedding width (rounded to multiples of 8)
 * @param resolution      input side in pixels (Fashion-MNIST's 28 px resampled)
 * @param stemBase        stem channels before the multiplier
 * @param convStages      the inverted-residual stages
 * @param transformer     the transformer stage
 */
public record SearchSpace(double widthMultiplier, int resolution, int stemBase, List<ConvStageSpec> convStages,
                          TransformerSpec transformer) {

    public static final int CLASSES = 10;
    public static final int[] KERNELS = {3, 5, 7};
    public static final int[] EXPANSIONS = {3, 4, 6};

    /** A stage of inverted-residual blocks with elastic depth in [minDepth, maxDepth]. */
    public record ConvStageSpec(int baseChannels, int stride, int minDepth, int maxDepth) {
    }

    /**
     * The transformer stage: embedding widths (before the multiplier), head counts, MLP ratios and elastic depth.
     */
    public record TransformerSpec(int[] embedBases, int[] heads, int[] mlpRatios, int minDepth, int maxDepth) {
    }

    /** The family every candidate space shares; only the two space-level knobs differ. */
    public static SearchSpace hybrid(double widthMultiplier, int resolution) {
        if (widthMultiplier <= 0 || widthMultiplier > 4) {
            throw new IllegalArgumentException("width multiplier must be in (0, 4], got " + widthMultiplier);
        }
        if (resolution < 16 || resolution > 64 || resolution % 4 != 0) {
            throw new IllegalArgumentException("resolution must be a multiple of 4 in [16, 64], got " + resolution);
        }
        return new SearchSpace(widthMultiplier, resolution, 16,
                List.of(new ConvStageSpec(24, 2, 1, 2), new ConvStageSpec(40, 2, 1, 3), new ConvStageSpec(64, 1, 1, 2)),
                new TransformerSpec(new int[] {48, 64, 96}, new int[] {2, 4}, new int[] {1, 2, 3}, 1, 2));
    }

    /** The spaces SuperNAS compares by default: width {0.75, 1.0, 1.25, 1.5} x resolution {20, 24, 28, 32}. */
    public static List<SearchSpace> defaultCandidates() {
        double[] widths = {0.75, 1.0, 1.25, 1.5};
        int[] resolutions = {20, 24, 28, 32};
        List<SearchSpace> spaces = new java.util.ArrayList<>();
        for (double w : widths) {
            for (int r : resolutions) {
                spaces.add(hybrid(w, r));
            }
        }
        return spaces;
    }

    public int stemChannels() {
        return scaled(stemBase);
    }

    public int stageChannels(int stage) {
        return scaled(convStages.get(stage).baseChannels());
    }

    public int embedWidth(int choice) {
        return scaled(transformer.embedBases()[choice]);
    }

    public int maxEmbedWidth() {
        int max = 0;
        for (int i = 0; i < transformer.embedBases().length; i++) {
            max = Math.max(max, embedWidth(i));
        }
        return max;
    }

    public int maxHeads() {
        return java.util.Arrays.stream(transformer.heads()).max().orElseThrow();
    }

    public int maxMlpRatio() {
        return java.util.Arrays.stream(transformer.mlpRatios()).max().orElseThrow();
    }

    /** Side of the feature map after the conv stages (each stride halves it, rounding up as padding does). */
    public int tokenSide() {
        int side = resolution;
        for (ConvStageSpec s : convStages) {
            side = (side + s.stride() - 1) / s.stride();
        }
        return side;
    }

    public int tokens() {
        return tokenSide() * tokenSide();
    }

    /** Parses a {@link #label()} ("w0.75-r28") back into the space. */
    public static SearchSpace parse(String label) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("w([0-9.]+)-r([0-9]+)").matcher(label.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("space must look like w0.75-r28 (width multiplier, resolution), got '" + label + "'");
        }
        return hybrid(Double.parseDouble(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** A short name for tables and files: "w1.00-r28". */
    public String label() {
        return String.format(java.util.Locale.ROOT, "w%.2f-r%d", widthMultiplier, resolution);
    }

    private int scaled(int base) {
        return Math.max(8, (int) Math.round(base * widthMultiplier / 8.0) * 8);
    }
}
