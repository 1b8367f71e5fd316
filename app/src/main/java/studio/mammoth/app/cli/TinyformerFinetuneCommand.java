package studio.mammoth.app.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import studio.mammoth.common.task.CancelToken;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.tinyformer.data.BatchSampler;
import studio.mammoth.tinyformer.nas.SearchDefaults;
import studio.mammoth.tinyformer.nas.SearchReport;
import studio.mammoth.tinyformer.prune.SparsityPlan;
import studio.mammoth.tinyformer.space.SearchSpace;
import studio.mammoth.tinyformer.train.Distillation;
import studio.mammoth.tinyformer.train.FinetuneTraining;
import studio.mammoth.tinyformer.train.TrainingRun;

/** {@code mammoth tinyformer finetune}: the search winner -> pruned, quantisation-aware trained, compiled int8 model. */
@Command(name = "finetune",
        description = "Train the search winner with gradual blockwise pruning and quantisation-aware training; compile and score the int8 blob.")
public final class TinyformerFinetuneCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--minutes", required = true, description = "Time box of this run in minutes.")
    double minutes;

    @Option(names = "--resume", description = "Continue from the checkpoint in runs/tinyformer.")
    boolean resume;

    @Option(names = "--steps", defaultValue = "0", description = "Schedule length in steps; 0 (default) sizes it to fit --minutes at the measured speed. A resumed run keeps its schedule.")
    long steps;

    @Option(names = "--batch", defaultValue = "128", description = "Images per step (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "0.002", description = "Peak AdamW learning rate (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--from-scratch", description = "Do not inherit the supernet's weights.")
    boolean fromScratch;

    @Option(names = "--init", paramLabel = "CHECKPOINT", description = "Start from the weights of this TinyFormer training checkpoint of the winner's space "
            + "instead of the supernet's: e.g. an earlier fine-tune's runs/tinyformer/finetune.ckpt, whose pruned weights grow back "
            + "in the dense cycle (dense-sparse-dense).")
    Path init;

    @Option(names = "--target-sparsity", paramLabel = "F", description = "Prune this fraction of the weights, in (0, 0.98), by scaling every layer's searched "
            + "sparsity by one factor (block sizes and the layers' ranking kept). Default: the searched genes. "
            + "It may change on --resume only before pruning has begun, e.g. from finetune-dense.ckpt (the run at the end of its dense cycle) "
            + "copied over finetune.ckpt.")
    Double targetSparsity;

    @Option(names = "--search-result", description = "The search result whose winner is trained (default runs/tinyformer/search-result.json, "
            + "written by `tinyformer search`; the shipped model's is assets/models/tinyformer/search-result.json). "
            + "Without --from-scratch or --init the winner's space must have a trained supernet.")
    Path searchResult;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of data order and augmentation.")
    long seed;

    @Option(names = "--erase-probability", defaultValue = "0.5",
            description = "Chance of random erasing per training image, beside the 2-pixel shift and the flip (default ${DEFAULT-VALUE}).")
    double eraseProbability;

    @Option(names = "--teacher", description = "A trained model (.tfm, e.g. assets/models/tinyformer/tinyformer.tfm) to distil from; "
            + "its class distributions of each training image and its mirror image join the labels as targets. "
            + "Without it the pruned network distils from its own dense snapshot.")
    Path teacher;

    @Option(names = "--distill-weight", defaultValue = "0.7", description = "Share of the teacher's term in the loss, in (0, 1] (default ${DEFAULT-VALUE}).")
    double distillWeight;

    @Option(names = "--temperature", defaultValue = "4", description = "Softening of teacher and student distributions (default ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--out", description = "Output directory of the blob (default assets/models/tinyformer).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (targetSparsity != null) {
            try {
                SparsityPlan.requireScalableTarget(targetSparsity);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--target-sparsity: " + e.getMessage());
            }
        }
        TaskContext ctx = new TaskContext(new CancelToken(), p -> System.out.println("[" + p.stage() + "] " + p.message()));
        SearchReport.Saved search = SearchReport.read(searchResult != null ? searchResult : SearchDefaults.searchResultFile());
        SearchSpace space = SearchSpace.parse(search.space());
        System.out.println("winner " + search.winner().description());
        Path home = SearchDefaults.workDir().getParent().getParent();
        Path outDir = out != null ? out : home.resolve("assets").resolve("models").resolve("tinyformer");
        TrainingRun.Settings settings = new TrainingRun.Settings(batch, lr, 100, steps, 0.05, 0.1f, seed);
        FinetuneTraining.Params params = new FinetuneTraining.Params(search, minutes, resume, settings,
                initialWeights(space), SearchDefaults.workDir().resolve("finetune.ckpt"), outDir,
                BatchSampler.Augmentation.STANDARD.withEraseProbability(eraseProbability), teacher,
                new Distillation.Settings(distillWeight, temperature), targetSparsity != null ? targetSparsity : Double.NaN);
        long start = System.nanoTime();
        FinetuneTraining.Result r = new FinetuneTraining(params).run(ctx);
        TrainingRun.Outcome o = r.outcome();
        System.out.printf(Locale.ROOT, "trained steps %d..%d of %d in %.1f min (%.2f steps/s), loss %.4f%s%n", o.startStep(), o.endStep(),
                o.totalSteps(), o.seconds() / 60, o.stepsPerSecond(), o.lastLoss(), o.finished() ? ", schedule finished" : ", resume to continue");
        for (Map.Entry<String, Double> e : r.figures().entrySet()) {
            System.out.printf(Locale.ROOT, "%s=%s%n", e.getKey(), e.getValue() == Math.rint(e.getValue()) && e.getValue() > 1
                    ? String.valueOf(e.getValue().longValue()) : String.format(Locale.ROOT, "%.4f", e.getValue()));
        }
        if (r.blob() != null) {
            System.out.println("blob " + r.blob());
        }
        System.out.printf(Locale.ROOT, "wall time %.1f min%n", (System.nanoTime() - start) / 60e9);
        return 0;
    }

    private Path initialWeights(SearchSpace space) {
        if (fromScratch && init != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--from-scratch and --init exclude each other");
        }
        return fromScratch ? null : init != null ? init : SearchDefaults.supernetCheckpoint(space);
    }
}
