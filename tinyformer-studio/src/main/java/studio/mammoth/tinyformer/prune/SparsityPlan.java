package studio.mammoth.tinyformer.prune;

import java.util.LinkedHashMap;
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
