package studio.mammoth.tinyformer.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockPrunerTest {

    private static float[] randomWeights(int n, long seed) {
        Random rnd = new Random(seed);
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) rnd.nextGaussian();
        }
        return w;
    }

    @Test
    void maskHasTheAskedSparsityInWholeBlocks() {
        int out = 24;
        int in = 48;
        for (int block : LayerSparsity.BLOCK_SIZES) {
            for (double s : new double[] {0.5, 0.7, 0.9}) {
                float[] mask = BlockPruner.mask(randomWeights(out * in, block), out, in, new LayerSparsity(s, block));
                int blocks = out * in / block;
                assertEquals(Math.round(s * blocks) * block, Math.round(BlockPruner.sparsityOf(mask) * mask.length), "block " + block + " sparsity " + s);
                for (int r = 0; r < out; r++) {
                    for (int k = 0; k < in / block; k++) {
                        float first = mask[r * in + k * block];
                        for (int j = 1; j < block; j++) {
                            assertEquals(first, mask[r * in + k * block + j], "a block is kept or pruned as a whole");
                        }
                    }
                }
            }
        }
    }

    @Test
    void prunesTheSmallestBlocks() {
        float[] w = {0.1f, 0.1f, 5f, 5f, 0.2f, 0.2f, 3f, 3f};
        float[] mask = BlockPruner.mask(w, 1, 8, new LayerSparsity(0.5, 2));
        assertEquals(java.util.List.of(0f, 0f, 1f, 1f, 0f, 0f, 1f, 1f), toList(mask));
    }

    @Test
    void blockFallsBackToADivisorOfTheRow() {
        assertEquals(8, new LayerSparsity(0.5, 16).blockFor(40));
        assertEquals(16, new LayerSparsity(0.5, 16).blockFor(48));
        assertEquals(4, new LayerSparsity(0.5, 8).blockFor(36));
    }

    @Test
    void gradualScheduleRisesMonotonicallyToTheTarget() {
        double prev = -1;
        for (long step = 0; step <= 120; step++) {
            double s = BlockPruner.gradual(0.8, step, 10, 110);
            assertTrue(s >= prev);
            prev = s;
        }
        assertEquals(0, BlockPruner.gradual(0.8, 10, 10, 110));
        assertEquals(0.8, BlockPruner.gradual(0.8, 110, 10, 110), 1e-12);
        assertTrue(BlockPruner.gradual(0.8, 60, 10, 110) > 0.4, "cubic schedule prunes most of it in the first half");
    }

    private static java.util.List<Float> toList(float[] a) {
        java.util.List<Float> l = new java.util.ArrayList<>();
        for (float f : a) {
            l.add(f);
        }
        return l;
    }
}
