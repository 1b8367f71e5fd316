package studio.mammoth.tinyformer.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import studio.mammoth.tinyformer.space.ArchConfig;
import studio.mammoth.tinyformer.space.LayerShape;
import studio.mammoth.tinyformer.space.SearchSpace;

class SparsityPlanTest {
    private static final SearchSpace SPACE = SearchSpace.hybrid(0.75, 28);

    @Test
    void scalingReachesTheTargetAndKeepsBlocksAndRanking() {
        ArchConfig arch = ArchConfig.largest(SPACE);
        SparsityPlan searched = SparsityPlan.sample(SPACE, new Random(3));
        for (double target : new double[] {0.5, 0.72, 0.9}) {
            SparsityPlan scaled = searched.scaledTo(SPACE, arch, target);
            assertEquals(target, scaled.weightSparsity(SPACE, arch), 0.005, "target " + target);
            for (LayerShape l : arch.layers(SPACE)) {
                if (l.prunable()) {
                    LayerSparsity before = searched.of(l.name());
                    LayerSparsity after = scaled.of(l.name());
                    assertEquals(before.blockSize(), after.blockSize(), l.name());
                    assertTrue(after.sparsity() <= SparsityPlan.MAX_SCALED_SPARSITY, l.name());
                }
            }
        }
        SparsityPlan lower = searched.scaledTo(SPACE, arch, 0.6);
        SparsityPlan higher = searched.scaledTo(SPACE, arch, 0.7);
        for (LayerShape l : arch.layers(SPACE)) {
            if (l.prunable()) {
                assertTrue(lower.of(l.name()).sparsity() <= higher.of(l.name()).sparsity(), l.name());
            }
        }
    }

    @Test
    void unreachableOrMeaninglessTargetsAreRefused() {
        ArchConfig arch = ArchConfig.largest(SPACE);
        assertThrows(IllegalArgumentException.class, () -> SparsityPlan.uniform(SPACE, arch, 0.5, 8).scaledTo(SPACE, arch, 0.99));
        assertThrows(IllegalArgumentException.class, () -> SparsityPlan.uniform(SPACE, arch, 0.5, 8).scaledTo(SPACE, arch, 0));
        assertThrows(IllegalArgumentException.class, () -> SparsityPlan.dense().scaledTo(SPACE, arch, 0.7));
    }
}
