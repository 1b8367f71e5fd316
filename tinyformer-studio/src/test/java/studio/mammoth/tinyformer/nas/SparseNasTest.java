package studio.mammoth.tinyformer.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import studio.mammoth.tinyformer.space.LayerShape;
import studio.mammoth.tinyformer.space.ArchConfig;
import studio.mammoth.tinyformer.space.SearchSpace;

class SparseNasTest {
    private static final SearchSpace SPACE = SearchSpace.hybrid(0.5, 16);

    /** Cheap stand-in: MACs from the architecture, flash = weights kept (bytes), SRAM from the largest layer. */
    static final SearchCost ARITHMETIC = new SearchCost() {
        @Override
        public Cost cost(SearchSpace space, ArchConfig arch, studio.mammoth.tinyformer.prune.SparsityPlan sparsity) {
            long weights = arch.layers(space).stream().mapToLong(LayerShape::weights).sum();
            long kept = Math.round(weights * (1 - sparsity.weightSparsity(space, arch)));
            return new Cost(kept, 1000, arch.macs(space), arch.macs(space) / 2);
        }

        @Override
        public String name() {
            return "arithmetic";
        }
    };

    /** Deterministic, gene-dependent score: bigger and less sparse scores higher, plus a hash wobble. */
    static final CandidateScorer FAKE = c -> {
        double size = Math.log(c.arch().macs(SPACE));
        double sparsity = c.sparsity().weightSparsity(SPACE, c.arch());
        return size / 20 - sparsity / 5 + (c.key().hashCode() % 1000) / 1e5;
    };

    private static SparseNas.Result search(long seed, SearchCost.Constraints constraints, List<SearchEvent> events) {
        SparseNas.Settings s = new SparseNas.Settings(12, 3, 3, 0.2, 0.7, 0, seed);
        return new SparseNas(SPACE, ARITHMETIC, constraints, FAKE, s, events::add).run(studio.mammoth.common.task.TaskContext.unobserved());
    }

    @Test
    void aFixedSeedReproducesTheSearch() {
        SearchCost.Constraints budget = SearchCost.Constraints.stm32f746(3_000_000);
        List<SearchEvent> a = new ArrayList<>();
        List<SearchEvent> b = new ArrayList<>();
        SparseNas.Result ra = search(7, budget, a);
        SparseNas.Result rb = search(7, budget, b);
        assertEquals(a, b);
        assertEquals(ra.best().candidate(), rb.best().candidate());
        List<SearchEvent> c = new ArrayList<>();
        search(8, budget, c);
        assertFalse(a.equals(c), "another seed searches differently");
    }

    @Test
    void onlyCandidatesWithinTheBudgetAreScored() {
        long maxMacs = 1_500_000;
        SearchCost.Constraints budget = SearchCost.Constraints.stm32f746(maxMacs);
        List<SearchEvent> events = new ArrayList<>();
        SparseNas.Result r = search(3, budget, events);
        assertTrue(events.stream().anyMatch(e -> !e.fits()), "some drawn candidates break the budget");
        for (SearchEvent e : events) {
            if (e.fits()) {
                assertTrue(e.macs() <= maxMacs && e.sparsity() >= 0.7, "scored candidate within the budget: " + e);
                assertFalse(Double.isNaN(e.accuracy()));
            } else {
                assertTrue(Double.isNaN(e.accuracy()), "rejected before scoring");
                assertFalse(e.rejection().isEmpty());
            }
        }
        for (SparseNas.Scored s : r.all()) {
            assertTrue(s.cost().fits(budget));
        }
    }

    /** The sparse kernels skip each layer's MACs in proportion to its sparsity gene. */
    private static final SearchCost MAC_WEIGHTED = new SearchCost() {
        @Override
        public Cost cost(SearchSpace space, ArchConfig arch, studio.mammoth.tinyformer.prune.SparsityPlan sparsity) {
            long effective = arch.layers(space).stream()
                    .mapToLong(l -> Math.round(l.macs() * (l.prunable() ? 1 - sparsity.of(l.name()).sparsity() : 1))).sum();
            return new Cost(1000, 1000, arch.macs(space), effective);
        }

        @Override
        public String name() {
            return "mac-weighted";
        }
    };

    private static SparseNas.Result searchSkipping(double minMacSparsity, List<SearchEvent> events) {
        SparseNas.Settings s = new SparseNas.Settings(12, 3, 2, 0.2, 0, minMacSparsity, 5);
        return new SparseNas(SPACE, MAC_WEIGHTED, SearchCost.Constraints.stm32f746(100_000_000), FAKE, s, events::add)
                .run(studio.mammoth.common.task.TaskContext.unobserved());
    }

    @Test
    void drawsThatSkipTooFewMacsArePrunedFurtherUntilTheyMeetTheRequirement() {
        // uniform genes average 0.76 sparsity: before the repair, 0.85 met no draw in 2,000 on the real cost model
        List<SearchEvent> events = new ArrayList<>();
        SparseNas.Result r = searchSkipping(0.85, events);
        for (SparseNas.Scored scored : r.all()) {
            assertTrue(scored.cost().effectiveMacs() <= 0.15 * scored.cost().macs() + 1, "scored: " + scored.cost());
        }
        assertFalse(events.stream().anyMatch(e -> e.rejection().contains("MAC sparsity")), "every draw was repaired");
        assertTrue(r.all().stream().anyMatch(s -> s.candidate().sparsity().layers().values().stream().anyMatch(l -> l.sparsity() < 0.85)),
                "the repair prunes where the MACs are, not every layer alike");
    }

    @Test
    void aMacSparsityNoPlanReachesIsReportedWithTheLimitItsDrawsBroke() {
        // the highest gene prunes 95 % of a layer's blocks, and the layers without weights keep theirs
        UnmetBudgetException e = assertThrows(UnmetBudgetException.class, () -> searchSkipping(0.99, new ArrayList<>()));
        assertTrue(e.getMessage().contains("(broken: MAC sparsity in 2000)"), e.getMessage());
        assertTrue(e.getMessage().endsWith("loosen the constraints"), e.getMessage());
    }

    @Test
    void paretoFrontIsNonDominated() {
        SparseNas.Result r = search(5, SearchCost.Constraints.stm32f746(3_000_000), new ArrayList<>());
        for (SparseNas.Scored p : r.pareto()) {
            for (SparseNas.Scored o : r.all()) {
                boolean dominates = o.accuracy() > p.accuracy() && o.cost().effectiveMacs() <= p.cost().effectiveMacs();
                assertFalse(dominates, o + " dominates " + p);
            }
        }
        assertTrue(r.pareto().contains(r.best()) || r.pareto().stream().anyMatch(p -> p.accuracy() == r.best().accuracy()));
    }
}
