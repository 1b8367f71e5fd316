package studio.mammoth.tinyformer.nas;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import studio.mammoth.common.task.Task;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.tinyformer.prune.SparsityPlan;
import studio.mammoth.tinyformer.space.ArchConfig;
import studio.mammoth.tinyformer.space.SearchSpace;

/**
 * SuperNAS space selection (TinyNAS): for each candidate space sample {@code samples} random subnets, keep those the
 * cost model says fit the budget (dense int8 weights: a conservative reading before pruning), and compare the spaces by
 * the distribution of MACs of the fitting subnets — more computation under the same memory tends to mean more accuracy.
 * The chosen space has the highest {@link SpaceStats#expectedUsefulMacs()} among spaces where at least 5% of subnets fit.
 */
public final class SuperNas implements Task<SuperNas.Result> {

    /** One space's sample: its fitting subnets' MACs, ascending. */
    public record SpaceStats(SearchSpace space, int sampled, long[] fittingMacs) {
        public double fitFraction() {
            return (double) fittingMacs.length / sampled;
        }

        public long percentile(double p) {
            if (fittingMacs.length == 0) {
                return 0;
            }
            int i = (int) Math.min(fittingMacs.length - 1, Math.floor(p * fittingMacs.length));
            return fittingMacs[i];
        }

        /**
         * The selection score: fit fraction x median MACs of the fitting subnets — what a random subnet of the space
         * delivers within the budget. It rewards computation (TinyNAS's criterion) and penalises spaces where most
         * subnets do not fit (a supernet would spend its training on them).
         */
        public double expectedUsefulMacs() {
            return fitFraction() * percentile(0.5);
        }

        /** Fraction of fitting subnets with at most {@code macs} MACs (the CDF). */
        public double cdf(long macs) {
            if (fittingMacs.length == 0) {
                return 0;
            }
            int i = Arrays.binarySearch(fittingMacs, macs);
            int idx = i >= 0 ? i + 1 : -i - 1;
            while (i >= 0 && idx < fittingMacs.length && fittingMacs[idx] == macs) {
                idx++;
            }
            return (double) idx / fittingMacs.length;
        }
    }

    public record Result(List<SpaceStats> spaces, SpaceStats chosen, String searchCost) {
    }

    private final List<SearchSpace> candidates;
    private final int samples;
    private final SearchCost searchCost;
    private final SearchCost.Constraints constraints;
    private final long seed;
    private final double minFitFraction;

    public SuperNas(List<SearchSpace> candidates, int samples, SearchCost searchCost, SearchCost.Constraints constraints, long seed) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidate spaces");
        }
        if (samples < 10) {
            throw new IllegalArgumentException("sample at least 10 subnets per space, got " + samples);
        }
        this.candidates = candidates;
        this.samples = samples;
        this.searchCost = searchCost;
        this.constraints = constraints;
        this.seed = seed;
        this.minFitFraction = 0.05;
    }

    @Override
    public String title() {
        return "SuperNAS: compare " + candidates.size() + " search spaces";
    }

    @Override
    public boolean heavy() {
        return false;
    }

    @Override
    public Result run(TaskContext ctx) {
        List<SpaceStats> stats = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            ctx.throwIfCancelled();
            SearchSpace space = candidates.get(i);
            Random rnd = new Random(seed * 7919 + i);
            long[] macs = new long[samples];
            int fit = 0;
            for (int n = 0; n < samples; n++) {
                ArchConfig arch = ArchConfig.sample(space, rnd);
                SearchCost.Cost c = searchCost.cost(space, arch, SparsityPlan.dense());
                if (c.fits(constraints)) {
                    macs[fit++] = c.macs();
                }
            }
            long[] fitting = Arrays.copyOf(macs, fit);
            Arrays.sort(fitting);
            stats.add(new SpaceStats(space, samples, fitting));
            ctx.report((i + 1.0) / candidates.size(), "supernas", space.label() + ": " + fit + "/" + samples + " fit");
        }
        SpaceStats best = null;
        for (SpaceStats s : stats) {
            if (s.fitFraction() >= minFitFraction && (best == null || s.expectedUsefulMacs() > best.expectedUsefulMacs())) {
                best = s;
            }
        }
        if (best == null) {
            throw new UnmetBudgetException("no candidate space has " + (int) (minFitFraction * 100)
                    + "% of subnets within the budget; loosen the constraints or add smaller spaces");
        }
        return new Result(stats, best, searchCost.name());
    }

    /** The comparison as a text table followed by an ASCII CDF (one row per space, columns = MACs). */
    public static String table(Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-12s %8s %9s %9s %9s %9s %9s %9s%n", "space", "fit", "p10 MMAC", "p25", "p50", "p75", "p90", "score"));
        for (SpaceStats s : r.spaces()) {
            sb.append(String.format(Locale.ROOT, "%-12s %7.1f%% %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f%s%n", s.space().label(), 100 * s.fitFraction(),
                    s.percentile(0.1) / 1e6, s.percentile(0.25) / 1e6, s.percentile(0.5) / 1e6, s.percentile(0.75) / 1e6,
                    s.percentile(0.9) / 1e6, s.expectedUsefulMacs() / 1e6, s == r.chosen() ? "   <- chosen" : ""));
        }
        long max = r.spaces().stream().mapToLong(s -> s.fittingMacs().length == 0 ? 0 : s.fittingMacs()[s.fittingMacs().length - 1]).max().orElse(1);
        int cols = 40;
        sb.append(String.format(Locale.ROOT, "%nCDF of MACs of fitting subnets (x: 0 .. %.1f MMAC, shade = fraction at or below; ' .:-=+*#%%@' = 0..1)%n", max / 1e6));
        String shades = " .:-=+*#%@";
        for (SpaceStats s : r.spaces()) {
            sb.append(String.format(Locale.ROOT, "%-12s |", s.space().label()));
            for (int c = 1; c <= cols; c++) {
                double f = s.cdf(max * c / cols);
                sb.append(shades.charAt((int) Math.min(shades.length() - 1, Math.floor(f * (shades.length() - 1) + 1e-9))));
            }
            sb.append("|\n");
        }
        return sb.toString();
    }

    /** One row per (space, MACs quantile): space,width,resolution,fit_fraction,quantile,macs. */
    public static void writeCsv(Result r, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("space,width_multiplier,resolution,sampled,fitting,quantile,macs\n");
            for (SpaceStats s : r.spaces()) {
                for (int q = 0; q <= 20; q++) {
                    w.write(String.format(Locale.ROOT, "%s,%.2f,%d,%d,%d,%.2f,%d%n", s.space().label(), s.space().widthMultiplier(),
                            s.space().resolution(), s.sampled(), s.fittingMacs().length, q / 20.0, s.percentile(Math.min(q / 20.0, 0.9999))));
                }
            }
        }
    }
}
