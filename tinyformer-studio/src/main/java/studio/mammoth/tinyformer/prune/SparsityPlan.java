package studio.mammoth.tinyformer.prune;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import studio.mammoth.tinyformer.space.ArchConfig;
import studio.mammoth.tinyformer.space.LayerShape;
import studio.mammoth.tinyformer.space.SearchSpace;

/**
 * Per-layer sparsity genes: for every prunable layer of the space's largest network, a target sparsity and block size.
 * A subnet uses the entries of its active layers.
 */
public record SparsityPlan(Map<String, LayerSparsity> layers) {

    public static SparsityPlan dense() {
        return new SparsityPlan(Map.of());
    }

    /** One sparsity and block size for every prunable layer of {@code arch}. */
    public static SparsityPlan uniform(SearchSpace space, ArchConfig arch, double sparsity, int blockSize) {
        Map<String, LayerSparsity> m = new LinkedHashMap<>();
        for (LayerShape l : arch.layers(space)) {
            if (l.prunable()) {
                m.put(l.name(), new LayerSparsity(sparsity, blockSize));
            }
        }
        return new SparsityPlan(m);
    }

    /** Random genes over all prunable layers of the largest network. */
    public static SparsityPlan sample(SearchSpace space, Random rnd) {
        Map<String, LayerSparsity> m = new LinkedHashMap<>();
        for (LayerShape l : ArchConfig.largest(space).layers(space)) {
            if (l.prunable()) {
                m.put(l.name(), new LayerSparsity(LayerSparsity.SPARSITIES[rnd.nextInt(LayerSparsity.SPARSITIES.length)],
                        LayerSparsity.BLOCK_SIZES[rnd.nextInt(LayerSparsity.BLOCK_SIZES.length)]));
            }
        }
        return new SparsityPlan(m);
    }

    public LayerSparsity of(String layer) {
        return layers.getOrDefault(layer, new LayerSparsity(0, 1));
    }

    /**
     * These genes with every layer's sparsity multiplied by one factor, chosen so that {@code target} of the weights of
     * {@code arch} are pruned (to within one block of the largest layer). Block sizes and the relative ranking of the
     * layers stay as searched; only the overall level moves, e.g. to trade a searched 80 % for accuracy at 72 %.
     */
    public SparsityPlan scaledTo(SearchSpace space, ArchConfig arch, double target) {
        requireScalableTarget(target);
        if (weightSparsity(space, arch) == 0) {
            throw new IllegalArgumentException("these genes prune nothing, so there is nothing to scale");
        }
        // weightSparsity grows monotonically with the factor: bisect it
        double low = 0;
        double high = 1 / layers.values().stream().mapToDouble(LayerSparsity::sparsity).filter(s -> s > 0).min().orElseThrow();
        double reachable = scaled(high).weightSparsity(space, arch);
        if (reachable < target) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "these genes reach at most %.3f pruned when scaled, below the asked %.3f", reachable, target));
        }
        for (int i = 0; i < 50; i++) {
            double mid = (low + high) / 2;
            if (scaled(mid).weightSparsity(space, arch) < target) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return scaled(high);
    }

    /** The highest sparsity {@link #scaledTo} gives a layer: a layer keeps at least one block in 50. */
    public static final double MAX_SCALED_SPARSITY = 0.98;

    /** Refuses a target {@link #scaledTo} cannot mean, before any genes are looked at (a command's option check). */
    public static void requireScalableTarget(double target) {
        if (!(target > 0 && target < MAX_SCALED_SPARSITY)) {
            throw new IllegalArgumentException("a target sparsity must be in (0, " + MAX_SCALED_SPARSITY + "), got " + target);
        }
    }

    private SparsityPlan scaled(double factor) {
        Map<String, LayerSparsity> m = new LinkedHashMap<>();
        layers.forEach((name, s) -> m.put(name, new LayerSparsity(Math.min(MAX_SCALED_SPARSITY, s.sparsity() * factor), s.blockSize())));
        return new SparsityPlan(m);
    }

    /** Expected fraction of zero weights over all weights of {@code arch} (layers without a gene count as dense). */
    public double weightSparsity(SearchSpace space, ArchConfig arch) {
        double zeros = 0;
        long total = 0;
        for (LayerShape l : arch.layers(space)) {
            total += l.weights();
            if (l.prunable()) {
                LayerSparsity s = of(l.name());
                int block = s.blockFor(l.rowLength());
                zeros += Math.round(s.sparsity() * (l.weights() / block)) * (double) block;
            }
        }
        return total == 0 ? 0 : zeros / total;
    }
}
