package studio.mammoth.tinyformer.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import studio.mammoth.tinyformer.compile.MemoryPlanner.Lifetime;
import studio.mammoth.tinyformer.ir.QuantizedModel;
import studio.mammoth.tinyformer.quant.Quantizer;
import studio.mammoth.tinyformer.reference.RandomModels;

class MemoryPlannerTest {

    @Test
    void aChainNeedsOnlyTheLargestNeighbouringPair() {
        // t0 -> L0 -> t1 -> L1 -> t2 -> L2 -> t3 (output)
        int[] sizes = {100, 400, 40, 8};
        Lifetime[] life = {new Lifetime(-1, 0), new Lifetime(0, 1), new Lifetime(1, 2), new Lifetime(2, 3)};
        MemoryPlan plan = MemoryPlanner.plan(sizes, life);
        assertEquals(500, plan.arenaSize()); // t0 + t1 live together; t2 reuses t0's bytes
        assertNoLiveOverlap(sizes, life, plan);
    }

    @Test
    void residualKeepsTheSkipTensorAlive() {
        // t0 used by L0 and L2 (add); t1 = L0(t0); t2 = L1(t1); t3 = L2(t0, t2)
        int[] sizes = {64, 64, 64, 64};
        Lifetime[] life = {new Lifetime(-1, 2), new Lifetime(0, 1), new Lifetime(1, 2), new Lifetime(2, 3)};
        MemoryPlan plan = MemoryPlanner.plan(sizes, life);
        assertEquals(192, plan.arenaSize());
        assertNoLiveOverlap(sizes, life, plan);
    }

    @Test
    void planOfARealModelHasNoLiveOverlapAndIsAlignedAndBelowTheSumOfTensors() {
        QuantizedModel q = Quantizer.quantize(RandomModels.hybrid(5, 12, 0.5),
                RandomModels.pictures(1, new studio.mammoth.tinyformer.ir.Shape(12, 12, 1), 4));
        MemoryPlan plan = MemoryPlanner.plan(q);
        Lifetime[] life = MemoryPlanner.lifetimes(q);
        int[] sizes = new int[q.tensors().size()];
        int sum = 0;
        for (int t = 0; t < sizes.length; t++) {
            sizes[t] = q.shape(t).size();
            sum += sizes[t];
            assertEquals(0, plan.offset(t) % 4);
        }
        assertNoLiveOverlap(sizes, life, plan);
        assertTrue(plan.arenaSize() < sum / 2, "arena " + plan.arenaSize() + " vs all tensors " + sum);
    }

    private static void assertNoLiveOverlap(int[] sizes, Lifetime[] life, MemoryPlan plan) {
        for (int a = 0; a < sizes.length; a++) {
            assertTrue(plan.offset(a) + sizes[a] <= plan.arenaSize());
            for (int b = a + 1; b < sizes.length; b++) {
                if (life[a].overlaps(life[b])) {
                    boolean disjoint = plan.offset(a) + sizes[a] <= plan.offset(b)
                            || plan.offset(b) + sizes[b] <= plan.offset(a);
                    assertTrue(disjoint, "tensors " + a + " and " + b + " overlap while live");
                }
            }
        }
    }
}
