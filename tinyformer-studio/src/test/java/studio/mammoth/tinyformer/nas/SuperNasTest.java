package studio.mammoth.tinyformer.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.tinyformer.space.SearchSpace;

class SuperNasTest {
    private static final List<SearchSpace> SPACES = List.of(SearchSpace.hybrid(0.5, 16), SearchSpace.hybrid(0.75, 20), SearchSpace.hybrid(1.5, 32));

    @Test
    void choosesTheSpaceWithTheMostUsefulComputationAndIsDeterministic() {
        SearchCost.Constraints budget = SearchCost.Constraints.stm32f746(4_000_000);
        SuperNas.Result a = new SuperNas(SPACES, 40, SparseNasTest.ARITHMETIC, budget, 1).run(TaskContext.unobserved());
        SuperNas.Result b = new SuperNas(SPACES, 40, SparseNasTest.ARITHMETIC, budget, 1).run(TaskContext.unobserved());
        assertEquals(a.chosen().space(), b.chosen().space());
        for (SuperNas.SpaceStats s : a.spaces()) {
            assertTrue(s == a.chosen() || s.expectedUsefulMacs() <= a.chosen().expectedUsefulMacs() || s.fitFraction() < 0.05);
            for (long m : s.fittingMacs()) {
                assertTrue(m <= 4_000_000, "only fitting subnets are counted");
            }
            double prev = 0;
            for (long x = 0; x <= 4_000_000; x += 250_000) {
                double f = s.cdf(x);
                assertTrue(f >= prev && f <= 1);
                prev = f;
            }
        }
        String table = SuperNas.table(a);
        assertTrue(table.contains("<- chosen") && table.contains(a.chosen().space().label()));
    }

    @Test
    void anImpossibleBudgetIsReportedNotGuessed() {
        SearchCost.Constraints tiny = SearchCost.Constraints.stm32f746(1000);
        UnmetBudgetException e = assertThrows(UnmetBudgetException.class,
                () -> new SuperNas(SPACES, 20, SparseNasTest.ARITHMETIC, tiny, 1).run(TaskContext.unobserved()));
        assertTrue(e.getMessage().contains("loosen the constraints"), e.getMessage());
    }
}
