package studio.mammoth.app.cli;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import studio.mammoth.common.task.CancelToken;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.tinyformer.nas.SearchDefaults;
import studio.mammoth.tinyformer.space.SearchSpace;
import studio.mammoth.tinyformer.train.SupernetPlan;
import studio.mammoth.tinyformer.train.SupernetTraining;
import studio.mammoth.tinyformer.train.TrainingRun;

/** {@code mammoth tinyformer train-supernet}: weight-sharing training of the space SuperNAS picks, in resumable time boxes. */
@Command(name = "train-supernet",
        description = "Train the TinyFormer weight-sharing supernet (once-for-all style) for a time box; --resume continues.")
public final class TinyformerTrainSupernetCommand implements Callable<Integer> {
    @Option(names = "--minutes", required = true, description = "Time box of this run in minutes.")
    double minutes;

    @Option(names = "--resume", description = "Continue from the checkpoint in runs/tinyformer.")
    boolean resume;

    @Option(names = "--steps", defaultValue = "0", description = "Schedule length in steps (default 4000; a resumed run keeps its schedule, "
            + "--lengthen continues it on a longer one).")
    long steps;

    @Option(names = "--lengthen", description = "With --resume: continue on a longer schedule (--steps above the checkpoint's); the cosine continues on the longer curve, a warm restart if the old one had finished.")
    boolean lengthen;

    @Option(names = "--batch", defaultValue = "128", description = "Images per step (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "0.003", description = "Peak AdamW learning rate (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--sampling", defaultValue = "UNIFORM", description = "UNIFORM (one random subnet a step), SANDWICH (largest + smallest + random) or PRUNED (one random subnet a step under the block masks of random sparsity genes: pruning-aware, so SparseNAS's one-shot pruned scores mean something).")
    SupernetPlan.Sampling sampling;

    @Option(names = "--space", description = "Space label such as w0.75-r28; default: the space SuperNAS chooses.")
    String space;

    @Option(names = "--max-mmacs", defaultValue = "8", description = "MAC budget in millions for SuperNAS (default ${DEFAULT-VALUE}).")
    double maxMmacs;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of data order, augmentation, subnet sampling.")
    long seed;

    @Override
    public Integer call() throws Exception {
        TaskContext ctx = new TaskContext(new CancelToken(), p -> System.out.println("[" + p.stage() + "] " + p.message()));
        SearchSpace chosen = space != null ? SearchSpace.parse(space)
                : SearchDefaults.chosenSpace(Math.round(maxMmacs * 1e6), TaskContext.unobserved());
        System.out.println("space " + chosen.label() + (space != null ? "" : " (SuperNAS's choice; `mammoth tinyformer search --supernas-only` prints the comparison)"));
        TrainingRun.Settings settings = new TrainingRun.Settings(batch, lr, 200, steps, 0.05, 0.1f, seed);
        SupernetTraining.Params params = new SupernetTraining.Params(chosen, minutes, resume, lengthen, settings, sampling,
                SearchDefaults.supernetCheckpoint(chosen));
        long start = System.nanoTime();
        SupernetTraining.Result result = new SupernetTraining(params).run(ctx);
        TrainingRun.Outcome o = result.outcome();
        System.out.printf(Locale.ROOT, "trained steps %d..%d of %d in %.1f min (%.2f steps/s), loss %.4f%s%n", o.startStep(), o.endStep(),
                o.totalSteps(), o.seconds() / 60, o.stepsPerSecond(), o.lastLoss(), o.finished() ? ", schedule finished" : ", resume to continue");
        for (Map.Entry<String, Double> e : result.validationAccuracy().entrySet()) {
            System.out.printf(Locale.ROOT, "validation accuracy (%s subnet, recalibrated, 2000 images): %.4f%n", e.getKey(), e.getValue());
        }
        System.out.printf(Locale.ROOT, "checkpoint %s, wall time %.1f min%n", result.checkpoint(), (System.nanoTime() - start) / 60e9);
        return 0;
    }
}
