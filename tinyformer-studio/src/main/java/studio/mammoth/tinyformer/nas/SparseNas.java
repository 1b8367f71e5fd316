package studio.mammoth.tinyformer.nas;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import studio.mammoth.common.task.Task;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.tinyformer.prune.LayerSparsity;
import studio.mammoth.tinyformer.prune.SparsityPlan;
import studio.mammoth.tinyformer.space.ArchConfig;
import studio.mammoth.tinyformer.space.LayerShape;
import studio.mammoth.tinyformer.space.SearchSpace;

/**
 * SparseNAS: evolutionary search (AutoFormer / MCUFormer template) over architecture genes plus per-layer sparsity and
 * block size. Each generation keeps the top-k scored candidates as parents and breeds the next population from
 * mutations and crossovers; a candidate is checked against the budget (flash, SRAM, MACs, minimum weight sparsity)
 * before it is scored, and rejected candidates are redrawn. All randomness comes from one seeded {@link Random} and
 * candidates are scored in a fixed order, so a search with a fixed seed and a deterministic scorer is reproducible.
 */
public final class SparseNas implements Task<SparseNas.Result> {

    /**
     * @param population     candidates per generation
     * @param topK           parents kept per generation
     * @param generations    generations after the initial population
     * @param mutationProb   per-gene mutation probability (doubled for depths)
     * @param minSparsity    minimum fraction of all weights pruned (part of the constraint check)
     * @param minMacSparsity minimum fraction of the dense MACs the sparse kernels skip (part of the constraint check):
     *                       weight sparsity counts a 16x16 1x1 convolution on a 28x28 plane like a 16x16 linear layer on
     *                       one token, though the first runs 784 times as often; this is the sparsity the board's
     *                       instruction count sees. 0 = no requirement
     * @param seed           the search's only source of randomness
     */
    public record Settings(int population, int topK, int generations, double mutationProb, double minSparsity, double minMacSparsity,
                           long seed) {
        public Settings {
            if (population < 2 || topK < 1 || topK > population || generations < 0) {
                throw new IllegalArgumentException("need population >= 2, 1 <= top-k <= population, generations >= 0");
            }
            if (minSparsity < 0 || minSparsity >= 1 || minMacSparsity < 0 || minMacSparsity >= 1) {
                throw new IllegalArgumentException("sparsity requirements are fractions in [0, 1)");
            }
        }

        /** A search that scores about {@code candidates} networks: population 50 (or fewer), top-k a fifth of it. */
        public static Settings forBudget(int candidates, long seed) {
            if (candidates < 4) {
                throw new IllegalArgumentException("--budget must allow at least 4 candidates, got " + candidates);
            }
            int population = Math.min(50, Math.max(4, candidates / 3));
            int generations = Math.max(0, candidates / population - 1);
            return new Settings(population, Math.max(2, population / 5), generations, 0.2, 0.7, 0, seed);
        }
    }

    /** A scored candidate. */
    public record Scored(Candidate candidate, double accuracy, SearchCost.Cost cost, double sparsity, int generation) {
    }

    public record Result(List<Scored> all, List<Scored> pareto, Scored best, int rejected) {
    }

    private static final int MAX_DRAWS = 2000;

    private final SearchSpace space;
    private final SearchCost searchCost;
    private final SearchCost.Constraints constraints;
    private final CandidateScorer scorer;
    private final Settings settings;
    private final Consumer<SearchEvent> events;

    public SparseNas(SearchSpace space, SearchCost searchCost, SearchCost.Constraints constraints, CandidateScorer scorer, Settings settings,
                     Consumer<SearchEvent> events) {
        this.space = space;
        this.searchCost = searchCost;
        this.constraints = constraints;
        this.scorer = scorer;
        this.settings = settings;
        this.events = events;
    }

    @Override
    public String title() {
        return "SparseNAS in " + space.label();
    }

    @Override
    public Result run(TaskContext ctx) {
        Random rnd = new Random(settings.seed());
        Map<String, Scored> seen = new LinkedHashMap<>();
        int[] counters = new int[2]; // [events emitted, rejected]
        int total = settings.population() * (settings.generations() + 1);
        List<Scored> population = new ArrayList<>();
        while (population.size() < settings.population()) {
            Candidate c = drawFeasible(() -> new Candidate(ArchConfig.sample(space, rnd), SparsityPlan.sample(space, rnd)), 0, counters);
            population.add(score(c, 0, seen, counters, ctx, total));
        }
        for (int g = 1; g <= settings.generations(); g++) {
            List<Scored> parents = topK(seen.values());
            List<Scored> next = new ArrayList<>(parents);
            int mutations = (settings.population() - parents.size()) / 2;
            for (int i = 0; i < mutations; i++) {
                Candidate c = drawFeasible(() -> mutate(parents.get(rnd.nextInt(parents.size())).candidate(), rnd), g, counters);
                next.add(score(c, g, seen, counters, ctx, total));
            }
            while (next.size() < settings.population()) {
                Candidate c = drawFeasible(() -> crossover(parents.get(rnd.nextInt(parents.size())).candidate(),
                        parents.get(rnd.nextInt(parents.size())).candidate(), rnd), g, counters);
                next.add(score(c, g, seen, counters, ctx, total));
            }
            population = next;
        }
        List<Scored> all = new ArrayList<>(seen.values());
        List<Scored> pareto = pareto(all);
        Scored best = all.stream().max(Comparator.comparingDouble(Scored::accuracy)).orElseThrow();
        return new Result(all, pareto, best, counters[1]);
    }

    private List<Scored> topK(java.util.Collection<Scored> scored) {
        return scored.stream().sorted(Comparator.comparingDouble(Scored::accuracy).reversed()).limit(settings.topK()).toList();
    }

    /**
     * Draws from {@code source} until a candidate passes the constraint check; each rejection is reported. A draw that
     * skips too few MACs is first repaired (see {@link #prunedForMacSparsity}).
     */
    private Candidate drawFeasible(java.util.function.Supplier<Candidate> source, int generation, int[] counters) {
        Map<String, Integer> brokenLimits = new LinkedHashMap<>();
        for (int attempt = 0; attempt < MAX_DRAWS; attempt++) {
            Candidate c = prunedForMacSparsity(source.get());
            SearchCost.Cost cost = searchCost.cost(space, c.arch(), c.sparsity());
            double sparsity = c.sparsity().weightSparsity(space, c.arch());
            List<Breach> breaches = breaches(cost, sparsity);
            if (breaches.isEmpty()) {
                return c;
            }
            counters[1]++;
            breaches.forEach(b -> brokenLimits.merge(b.limit(), 1, Integer::sum));
            events.accept(new SearchEvent(counters[0]++, generation, c.arch().describe(space), Double.NaN, cost.macs(), cost.effectiveMacs(),
                    sparsity, cost.flashKb(), cost.sramKb(), false, describe(breaches)));
        }
        StringBuilder counts = new StringBuilder();
        brokenLimits.forEach((limit, n) -> counts.append(counts.isEmpty() ? "" : ", ").append(limit).append(" in ").append(n));
        throw new UnmetBudgetException("no candidate within the budget after " + MAX_DRAWS + " draws (broken: " + counts
                + "); loosen the constraints");
    }

    /**
     * {@code c} with its sparsity genes raised, one step at a time on the active layer that keeps the most MACs, until it
     * skips the required share of MACs or no layer can go higher. Uniform genes average 0.76 sparsity, so without this a
     * requirement of 0.85 is met by hardly one draw in thousands; the repair moves the draw to the nearest plan that meets
     * it, pruning where the MACs are. Kept MACs are estimated as MACs x (1 - sparsity); the constraint check that follows
     * uses the real cost.
     */
    private Candidate prunedForMacSparsity(Candidate c) {
        if (settings.minMacSparsity() == 0) {
            return c;
        }
        List<LayerShape> layers = c.arch().layers(space).stream().filter(LayerShape::prunable).toList();
        LayerSparsity[] genes = layers.stream().map(l -> c.sparsity().of(l.name())).toArray(LayerSparsity[]::new);
        double macs = c.arch().macs(space);
        double keptMacs = macs; // the layers without sparsity genes keep all of theirs
        for (int i = 0; i < genes.length; i++) {
            keptMacs -= layers.get(i).macs() - keptMacs(layers.get(i), genes[i]);
        }
        boolean changed = false;
        while (1 - keptMacs / macs < settings.minMacSparsity()) {
            int most = -1;
            for (int i = 0; i < genes.length; i++) {
                if (genes[i].raised() != genes[i] && (most < 0 || keptMacs(layers.get(i), genes[i]) > keptMacs(layers.get(most), genes[most]))) {
                    most = i;
                }
            }
            if (most < 0) {
                break;
            }
            LayerSparsity raised = genes[most].raised();
            keptMacs -= keptMacs(layers.get(most), genes[most]) - keptMacs(layers.get(most), raised);
            genes[most] = raised;
            changed = true;
        }
        if (!changed) {
            return c;
        }
        Map<String, LayerSparsity> plan = new LinkedHashMap<>(c.sparsity().layers());
        for (int i = 0; i < genes.length; i++) {
            plan.put(layers.get(i).name(), genes[i]);
        }
        return new Candidate(c.arch(), new SparsityPlan(plan));
    }

    private static double keptMacs(LayerShape layer, LayerSparsity gene) {
        return layer.macs() * (1 - gene.sparsity());
    }

    /** A limit a candidate breaks: which one, and by how much. */
    private record Breach(String limit, String detail) {
    }

    private static String describe(List<Breach> breaches) {
        return String.join(", ", breaches.stream().map(Breach::detail).toList());
    }

    /** The limits a candidate of this cost and weight sparsity breaks; empty when it fits. */
    private List<Breach> breaches(SearchCost.Cost cost, double weightSparsity) {
        List<Breach> why = new ArrayList<>();
        if (cost.flashBytes() > constraints.flashBytes()) {
            why.add(new Breach("flash", String.format(Locale.ROOT, "flash %.0f KB > %d KB", cost.flashKb(), constraints.flashBytes() / 1024)));
        }
        if (cost.sramBytes() > constraints.sramBytes()) {
            why.add(new Breach("SRAM", String.format(Locale.ROOT, "SRAM %.0f KB > %d KB", cost.sramKb(), constraints.sramBytes() / 1024)));
        }
        if (cost.macs() > constraints.maxMacs()) {
            why.add(new Breach("MACs", String.format(Locale.ROOT, "%.2f MMAC > %.2f", cost.macs() / 1e6, constraints.maxMacs() / 1e6)));
        }
        if (weightSparsity < settings.minSparsity()) {
            why.add(new Breach("sparsity", String.format(Locale.ROOT, "sparsity %.2f < %.2f", weightSparsity, settings.minSparsity())));
        }
        double macSparsity = 1 - (double) cost.effectiveMacs() / cost.macs();
        if (macSparsity < settings.minMacSparsity()) {
            why.add(new Breach("MAC sparsity", String.format(Locale.ROOT, "MAC sparsity %.2f < %.2f", macSparsity, settings.minMacSparsity())));
        }
        return why;
    }

    private Scored score(Candidate c, int generation, Map<String, Scored> seen, int[] counters, TaskContext ctx, int total) {
        ctx.throwIfCancelled();
        Scored known = seen.get(c.key());
        if (known != null) {
            return known;
        }
        SearchCost.Cost cost = searchCost.cost(space, c.arch(), c.sparsity());
        double accuracy = scorer.score(c);
        double sparsity = c.sparsity().weightSparsity(space, c.arch());
        Scored s = new Scored(c, accuracy, cost, sparsity, generation);
        seen.put(c.key(), s);
        events.accept(new SearchEvent(counters[0]++, generation, c.arch().describe(space), accuracy, cost.macs(), cost.effectiveMacs(), sparsity,
                cost.flashKb(), cost.sramKb(), true, ""));
        ctx.report(Math.min(1.0, (double) seen.size() / total), "sparsenas", String.format(Locale.ROOT,
                "gen %d, %d scored, best %.4f", generation, seen.size(), seen.values().stream().mapToDouble(Scored::accuracy).max().orElse(0)));
        return s;
    }

    Candidate mutate(Candidate parent, Random rnd) {
        ArchConfig a = parent.arch().copy();
        double p = settings.mutationProb();
        int[] depths = a.stageDepths().clone();
        for (int s = 0; s < depths.length; s++) {
            SearchSpace.ConvStageSpec spec = space.convStages().get(s);
            if (rnd.nextDouble() < 2 * p) {
                depths[s] = spec.minDepth() + rnd.nextInt(spec.maxDepth() - spec.minDepth() + 1);
            }
            for (int b = 0; b < spec.maxDepth(); b++) {
                if (rnd.nextDouble() < p) {
                    a.kernels()[s][b] = SearchSpace.KERNELS[rnd.nextInt(SearchSpace.KERNELS.length)];
                }
                if (rnd.nextDouble() < p) {
                    a.expansions()[s][b] = SearchSpace.EXPANSIONS[rnd.nextInt(SearchSpace.EXPANSIONS.length)];
                }
            }
        }
        SearchSpace.TransformerSpec t = space.transformer();
        int embed = rnd.nextDouble() < 2 * p ? rnd.nextInt(t.embedBases().length) : a.embedChoice();
        int tDepth = rnd.nextDouble() < 2 * p ? t.minDepth() + rnd.nextInt(t.maxDepth() - t.minDepth() + 1) : a.transformerDepth();
        for (int b = 0; b < t.maxDepth(); b++) {
            if (rnd.nextDouble() < p) {
                a.heads()[b] = t.heads()[rnd.nextInt(t.heads().length)];
            }
            if (rnd.nextDouble() < p) {
                a.mlpRatios()[b] = t.mlpRatios()[rnd.nextInt(t.mlpRatios().length)];
            }
        }
        ArchConfig arch = new ArchConfig(depths, a.kernels(), a.expansions(), embed, tDepth, a.heads(), a.mlpRatios());
        Map<String, LayerSparsity> genes = new LinkedHashMap<>();
        for (Map.Entry<String, LayerSparsity> e : parent.sparsity().layers().entrySet()) {
            LayerSparsity g = e.getValue();
            double sp = rnd.nextDouble() < p ? LayerSparsity.SPARSITIES[rnd.nextInt(LayerSparsity.SPARSITIES.length)] : g.sparsity();
            int bs = rnd.nextDouble() < p ? LayerSparsity.BLOCK_SIZES[rnd.nextInt(LayerSparsity.BLOCK_SIZES.length)] : g.blockSize();
            genes.put(e.getKey(), new LayerSparsity(sp, bs));
        }
        return new Candidate(arch, new SparsityPlan(genes));
    }

    Candidate crossover(Candidate x, Candidate y, Random rnd) {
        ArchConfig a = x.arch().copy();
        ArchConfig b = y.arch();
        int[] depths = a.stageDepths().clone();
        for (int s = 0; s < depths.length; s++) {
            if (rnd.nextBoolean()) {
                depths[s] = b.stageDepths()[s];
            }
            for (int i = 0; i < a.kernels()[s].length; i++) {
                if (rnd.nextBoolean()) {
                    a.kernels()[s][i] = b.kernels()[s][i];
                }
                if (rnd.nextBoolean()) {
                    a.expansions()[s][i] = b.expansions()[s][i];
                }
            }
        }
        for (int i = 0; i < a.heads().length; i++) {
            if (rnd.nextBoolean()) {
                a.heads()[i] = b.heads()[i];
            }
            if (rnd.nextBoolean()) {
                a.mlpRatios()[i] = b.mlpRatios()[i];
            }
        }
        ArchConfig arch = new ArchConfig(depths, a.kernels(), a.expansions(), rnd.nextBoolean() ? a.embedChoice() : b.embedChoice(),
                rnd.nextBoolean() ? a.transformerDepth() : b.transformerDepth(), a.heads(), a.mlpRatios());
        Map<String, LayerSparsity> genes = new LinkedHashMap<>();
        for (String layer : x.sparsity().layers().keySet()) {
            genes.put(layer, rnd.nextBoolean() ? x.sparsity().of(layer) : y.sparsity().of(layer));
        }
        return new Candidate(arch, new SparsityPlan(genes));
    }

    /** Candidates no other beats on both accuracy (higher) and effective MACs (lower), by ascending MACs. */
    public static List<Scored> pareto(List<Scored> all) {
        List<Scored> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingLong((Scored s) -> s.cost().effectiveMacs()).thenComparing(Comparator.comparingDouble(Scored::accuracy).reversed()));
        List<Scored> front = new ArrayList<>();
        double bestAcc = Double.NEGATIVE_INFINITY;
        for (Scored s : sorted) {
            if (s.accuracy() > bestAcc) {
                front.add(s);
                bestAcc = s.accuracy();
            }
        }
        return front;
    }

}
