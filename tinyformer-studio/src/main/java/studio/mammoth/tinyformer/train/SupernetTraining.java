package studio.mammoth.tinyformer.train;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import studio.mammoth.common.task.Task;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.tinyformer.data.BatchSampler;
import studio.mammoth.tinyformer.data.FashionMnistData;
import studio.mammoth.tinyformer.space.ArchConfig;
import studio.mammoth.tinyformer.space.SearchSpace;

/**
 * Trains the weight-sharing supernet of a space for a time box (resumable), then reports the validation accuracy of
 * its largest and smallest subnets after batch-norm recalibration.
 */
public final class SupernetTraining implements Task<SupernetTraining.Result> {

    /** The schedule of a new run that names none. */
    public static final long DEFAULT_STEPS = 4000;

    /**
     * @param space      the space SuperNAS chose
     * @param minutes    time box of this run
     * @param resume     continue from the checkpoint
     * @param lengthen   when resuming, accept a longer schedule than the checkpoint's (continue training a finished supernet)
     * @param settings   optimisation settings; schedule length 0: {@link #DEFAULT_STEPS} for a new run, the checkpoint's
     *                   schedule when resuming
     * @param sampling   subnets per step
     * @param checkpoint checkpoint file
     */
    public record Params(SearchSpace space, double minutes, boolean resume, boolean lengthen, TrainingRun.Settings settings,
                         SupernetPlan.Sampling sampling, Path checkpoint) {
        public Params {
            if (!(minutes > 0)) {
                throw new IllegalArgumentException("--minutes must be positive, got " + minutes);
            }
            if (lengthen && !resume) {
                throw new IllegalArgumentException("--lengthen continues a checkpoint: use it with --resume");
            }
            if (lengthen && settings.totalSteps() == 0) {
                throw new IllegalArgumentException("--lengthen needs --steps: the longer schedule's length");
            }
        }
    }

    public record Result(TrainingRun.Outcome outcome, Map<String, Double> validationAccuracy, Path checkpoint) {
    }

    private final Params params;

    public SupernetTraining(Params params) {
        this.params = params;
    }

    /** The settings with the schedule decided: the one asked for, else the checkpoint's when resuming, else the default. */
    static TrainingRun.Settings schedule(Params params) throws IOException {
        TrainingRun.Settings settings = params.settings();
        if (settings.totalSteps() != 0) {
            return settings;
        }
        boolean saved = params.resume() && Files.isRegularFile(params.checkpoint()); // else resume() says what is missing
        return settings.withTotalSteps(saved ? TrainingRun.header(params.checkpoint()).totalSteps() : DEFAULT_STEPS);
    }

    @Override
    public String title() {
        return "Train TinyFormer supernet (" + params.space().label() + ", " + params.minutes() + " min)";
    }

    @Override
    public Result run(TaskContext ctx) throws Exception {
        ctx.report(0, "data", "loading Fashion-MNIST at " + params.space().resolution() + " px");
        FashionMnistData.Splits data = FashionMnistData.load(params.space().resolution());
        try (NDManager manager = NDManager.newBaseManager()) {
            Supernet net = new Supernet(params.space(), manager, params.settings().seed());
            BatchSampler sampler = new BatchSampler(data.train(), params.settings().batchSize(), BatchSampler.Augmentation.STANDARD, params.settings().seed());
            TrainingRun.Settings settings = schedule(params);
            TrainingRun run = new TrainingRun(net, new SupernetPlan(net, params.sampling()), settings, sampler,
                    params.checkpoint());
            if (params.resume()) {
                run.resume(params.lengthen());
                ctx.report(0, "supernet", "resumed at step " + run.step() + " of a " + settings.totalSteps() + "-step schedule");
            }
            TrainingRun.Outcome outcome = run.run(params.minutes(), ctx);
            Map<String, Double> acc = new LinkedHashMap<>();
            Map<String, ArchConfig> probes = new LinkedHashMap<>();
            probes.put("largest", ArchConfig.largest(params.space()));
            probes.put("smallest", ArchConfig.smallest(params.space()));
            List<BatchSampler.Batch> calib = calibrationBatches(data.train(), 8, 128);
            for (Entry<String, ArchConfig> e : probes.entrySet()) {
                net.recalibrate(e.getValue(), Map.of(), calib);
                acc.put(e.getKey(), Evaluator.accuracy(net, e.getValue(), Supernet.Mode.eval(), data.validation(), 2000));
            }
            return new Result(outcome, acc, params.checkpoint());
        }
    }

    /** Un-augmented training batches for batch-norm recalibration (a fixed, spread-out subset). */
    public static List<BatchSampler.Batch> calibrationBatches(FashionMnistData.Images train, int batches, int size) {
        List<BatchSampler.Batch> out = new ArrayList<>();
        int stride = train.size() / Math.max(1, batches);
        for (int b = 0; b < batches; b++) {
            out.add(BatchSampler.slice(train, b * stride, size));
        }
        return out;
    }
}
