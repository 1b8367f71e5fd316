package studio.mammoth.app.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import studio.mammoth.common.task.CancelToken;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.tinyformer.data.FashionMnistData;
import studio.mammoth.tinyformer.nas.SearchCost;
import studio.mammoth.tinyformer.nas.SearchDefaults;
import studio.mammoth.tinyformer.nas.SearchReport;
import studio.mammoth.tinyformer.nas.SparseNas;
import studio.mammoth.tinyformer.nas.SuperNas;
import studio.mammoth.tinyformer.nas.UnmetBudgetException;
import studio.mammoth.tinyformer.space.SearchSpace;
import studio.mammoth.tinyformer.train.Supernet;
import studio.mammoth.tinyformer.train.SupernetScorer;
import studio.mammoth.tinyformer.train.SupernetTraining;
import studio.mammoth.tinyformer.train.TrainingRun;

/**
 * {@code mammoth tinyformer search}: SuperNAS (prints the MAC distributions of the candidate spaces, writes them as
 * CSV, records the chosen space), then SparseNAS inside the trained supernet of that space.
 */
@Command(name = "search",
        description = "SuperNAS space selection, then SparseNAS (evolution over architecture + per-layer sparsity genes) in the trained supernet.")
public final class TinyformerSearchCommand implements Callable<Integer> {
    @Option(names = "--budget", defaultValue = "60", description = "Candidates to score (population <= 50; default ${DEFAULT-VALUE}).")
    int budget;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the evolution (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--space-mmacs", defaultValue = "8", description = "MAC budget in millions of the SuperNAS space selection (default ${DEFAULT-VALUE}).")
    double spaceMmacs;

    @Option(names = "--max-mmacs", defaultValue = "8", description = "MAC budget in millions of the SparseNAS candidates (may be tighter; default ${DEFAULT-VALUE}).")
    double maxMmacs;

    @Option(names = "--min-sparsity", defaultValue = "0.7", description = "Minimum fraction of weights pruned (default ${DEFAULT-VALUE}).")
    double minSparsity;

    @Option(names = "--min-mac-sparsity", defaultValue = "0",
            description = "Minimum fraction of the dense MACs the sparse kernels skip, the sparsity the board's run time sees (default ${DEFAULT-VALUE}).")
    double minMacSparsity;

    @Option(names = "--validation-images", defaultValue = "1000", description = "Validation images per candidate score (default ${DEFAULT-VALUE}).")
    int validationImages;

    @Option(names = "--supernas-only", description = "Stop after the space comparison.")
    boolean supernasOnly;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try {
            return search();
        } catch (UnmetBudgetException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private int search() throws Exception {
        long start = System.nanoTime();
        TaskContext quiet = new TaskContext(new CancelToken(), p -> { });
        long maxMacs = Math.round(maxMmacs * 1e6);
        SuperNas.Result spaces = SearchDefaults.superNas(Math.round(spaceMmacs * 1e6), quiet);
        System.out.println("SuperNAS: " + SearchDefaults.SUPERNAS_SAMPLES + " random subnets per space, cost model: " + spaces.searchCost());
        System.out.println("budget: flash <= 1024 KB, SRAM <= 320 KB, MACs <= " + spaceMmacs + " M");
        System.out.println(SuperNas.table(spaces));
        Path csv = SearchDefaults.workDir().resolve("supernas.csv");
        SuperNas.writeCsv(spaces, csv);
        SearchSpace space = spaces.chosen().space();
        Files.createDirectories(SearchDefaults.workDir());
        Files.writeString(SearchDefaults.chosenSpaceFile(), space.label() + "\n");
        System.out.printf(Locale.ROOT, "chosen space %s (CSV: %s), %.1f s%n", space.label(), csv, (System.nanoTime() - start) / 1e9);
        if (supernasOnly) {
            return 0;
        }
        Path checkpoint = SearchDefaults.supernetCheckpoint(space);
        if (!Files.isRegularFile(checkpoint)) {
            System.err.println("no trained supernet for " + space.label() + " at " + checkpoint
                    + ": run `./mammoth tinyformer train-supernet --minutes 20` first");
            return 2;
        }
        FashionMnistData.Splits data = FashionMnistData.load(space.resolution());
        SearchCost searchCost = SearchDefaults.searchCost();
        SparseNas.Settings base = SparseNas.Settings.forBudget(budget, seed);
        SparseNas.Settings settings = new SparseNas.Settings(base.population(), base.topK(), base.generations(), base.mutationProb(), minSparsity,
                minMacSparsity, seed);
        System.out.printf(Locale.ROOT, "SparseNAS: population %d, top-k %d, %d generations, seed %d, constraints: flash <= 1024 KB, SRAM <= 320 KB, MACs <= %.1f M, sparsity >= %.2f, MAC sparsity >= %.2f%n",
                settings.population(), settings.topK(), settings.generations(), seed, maxMmacs, minSparsity, minMacSparsity);
        long searchStart = System.nanoTime();
        try (NDManager manager = NDManager.newBaseManager();
             SearchReport.EventCsv events = new SearchReport.EventCsv(SearchDefaults.workDir().resolve("search-candidates.csv"))) {
            Supernet net = new Supernet(space, manager, seed);
            long step = TrainingRun.loadWeights(checkpoint, net);
            System.out.println("supernet " + checkpoint + " (step " + step + ")");
            SupernetScorer scorer = new SupernetScorer(net, SupernetTraining.calibrationBatches(data.train(), 4, 128), data.validation(),
                    validationImages);
            SparseNas search = new SparseNas(space, searchCost, SearchDefaults.constraints(maxMacs), scorer, settings, e -> {
                events.write(e);
                if (e.fits()) {
                    System.out.printf(Locale.ROOT, "cand %4d gen %d acc %.4f MMAC %.2f (eff %.2f) sparsity %.2f flash %.0f KB SRAM %.0f KB  %s%n",
                            e.index(), e.generation(), e.accuracy(), e.macs() / 1e6, e.effectiveMacs() / 1e6, e.sparsity(), e.flashKb(),
                            e.sramKb(), e.description());
                }
            });
            SparseNas.Result result = search.run(quiet);
            SearchReport.write(SearchDefaults.searchResultFile(), space, searchCost.name(), result);
            System.out.println("Pareto set (validation accuracy vs effective MACs):");
            for (SparseNas.Scored s : result.pareto()) {
                System.out.printf(Locale.ROOT, "  acc %.4f  eff MMAC %.2f  sparsity %.2f  flash %.0f KB  SRAM %.0f KB  %s%n", s.accuracy(),
                        s.cost().effectiveMacs() / 1e6, s.sparsity(), s.cost().flashKb(), s.cost().sramKb(), s.candidate().arch().describe(space));
            }
            SparseNas.Scored best = result.best();
            System.out.printf(Locale.ROOT, "winner: acc %.4f (inherited weights, pruned, recalibrated) %s%n", best.accuracy(),
                    best.candidate().arch().describe(space));
            System.out.printf(Locale.ROOT, "scored %d candidates, rejected %d before scoring, search wall time %.1f min; result %s%n",
                    result.all().size(), result.rejected(), (System.nanoTime() - searchStart) / 60e9, SearchDefaults.searchResultFile());
        }
        return 0;
    }
}
