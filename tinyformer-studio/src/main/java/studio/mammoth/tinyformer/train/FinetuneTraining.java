package studio.mammoth.tinyformer.train;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import studio.mammoth.common.task.Task;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.tinyformer.compile.CompiledModel;
import studio.mammoth.tinyformer.data.BatchSampler;
import studio.mammoth.tinyformer.data.FashionMnistData;
import studio.mammoth.tinyformer.ir.FloatModel;
import studio.mammoth.tinyformer.ir.FloatModelIO;
import studio.mammoth.tinyformer.nas.SearchReport;
import studio.mammoth.tinyformer.prune.SparsityPlan;
import studio.mammoth.tinyformer.space.ArchConfig;
import studio.mammoth.tinyformer.space.SearchSpace;

/**
 * Trains the search winner into the shipped model, in resumable time boxes: starting from the supernet's weights
 * (or from scratch), dense to convergence, then gradual blockwise pruning to its per-layer sparsity genes, then
 * quantisation-aware training ({@link FinetunePlan}). The pruned network distils from the given teacher, or else from
 * its own dense snapshot. When the schedule completes it measures the float accuracies, compiles the int8 blob and measures the
 * blob's accuracy with the reference interpreter on the full test split.
 */
public final class FinetuneTraining implements Task<FinetuneTraining.Result> {

    /**
     * @param search      the search result (winner genes)
     * @param minutes     time box of this run
     * @param resume      continue from the checkpoint
     * @param settings    optimisation settings; a schedule length of 0 sizes the schedule to fit the time box (measured speed)
     * @param initialWeights a training checkpoint of the same space to start from (the supernet, or an earlier
     *                       fine-tune: its pruned weights grow back in the dense cycle), or null to start from scratch
     * @param checkpoint  this run's checkpoint
     * @param outDir      where the blob and its summary go when the schedule completes
     * @param augmentation what the training images go through
     * @param teacher      a trained model ({@code .tfm}) to distil from throughout, or null to distil the pruned network
     *                     from its own dense snapshot
     * @param distillation how the teacher's targets enter the loss
     * @param targetSparsity fraction of weights to prune, reached by scaling the winner's per-layer genes
     *                       ({@link SparsityPlan#scaledTo}); NaN keeps the genes as searched
     */
    public record Params(SearchReport.Saved search, double minutes, boolean resume, TrainingRun.Settings settings, Path initialWeights,
                         Path checkpoint, Path outDir, BatchSampler.Augmentation augmentation, Path teacher,
                         Distillation.Settings distillation, double targetSparsity) {
        public Params {
            if (!(minutes > 0)) {
                throw new IllegalArgumentException("--minutes must be positive, got " + minutes);
            }
        }
    }

    /** Figures of the run; accuracies are NaN until measured. */
    public record Result(TrainingRun.Outcome outcome, Map<String, Double> figures, Path blob) {
    }

    /** At most this many steps between two points of the validation curve (about 5 minutes of training on one thread). */
    private static final int VALIDATION_EVERY = 1000;

    private final Params params;

    public FinetuneTraining(Params params) {
        this.params = params;
    }

    @Override
    public String title() {
        return "Fine-tune the TinyFormer winner (" + params.minutes() + " min)";
    }

    @Override
    public Result run(TaskContext ctx) throws Exception {
        SearchSpace space = SearchSpace.parse(params.search().space());
        ArchConfig arch = params.search().winner().arch();
        arch.validate(space);
        SparsityPlan sparsity = Double.isNaN(params.targetSparsity()) ? params.search().winner().sparsity()
                : params.search().winner().sparsity().scaledTo(space, arch, params.targetSparsity());
        FashionMnistData.Splits data = FashionMnistData.load(space.resolution());
        Map<String, Double> figures = new LinkedHashMap<>();
        Path densePath = params.checkpoint().resolveSibling("finetune-dense.txt");
        try (NDManager manager = NDManager.newBaseManager()) {
            Supernet net = new Supernet(space, manager, params.settings().seed());
            if (!params.resume() && params.initialWeights() != null) {
                long step = TrainingRun.loadWeights(params.initialWeights(), net);
                ctx.report(0, "finetune", "starting from the weights of " + params.initialWeights() + " (step " + step + ")");
            }
            var calibration = SupernetTraining.calibrationBatches(data.train(), 8, 128);
            TrainingRun.Settings settings = params.settings();
            TrainingRun.Header resumed = params.resume() ? TrainingRun.header(params.checkpoint()) : null;
            if (resumed != null) {
                settings = settings.withTotalSteps(resumed.totalSteps());
            } else if (settings.totalSteps() == 0) {
                BatchSampler.Batch probe = BatchSampler.slice(data.train(), 0, settings.batchSize());
                double rate = TrainingRun.measureStepsPerSecond(net, arch, Supernet.Mode.train(), probe, 6);
                // 65% of the box: the dense snapshot's evaluation, mask updates and a noisy machine share it
                long steps = Math.max(20, (long) (rate * params.minutes() * 60 * 0.65));
                settings = settings.withTotalSteps(steps);
                ctx.report(0, "finetune", String.format(Locale.ROOT, "measured %.2f steps/s: schedule sized to %d steps", rate, steps));
            }
            FinetunePlan plan = new FinetunePlan(net, arch, sparsity, settings.totalSteps(), calibration);
            recordOrCheckTarget(params.checkpoint().resolveSibling("finetune-target.txt"), sparsity.weightSparsity(space, arch),
                    resumed == null || resumed.step() <= plan.pruneStart());
            Path curvePath = params.checkpoint().resolveSibling("finetune-validation.csv");
            // about a dozen points over a short schedule, one every 1,000 steps over a long one
            int every = (int) Math.max(1, Math.min(VALIDATION_EVERY, settings.totalSteps() / 12));
            plan.onEvery(every, step -> {
                // before QAT: statistics of the current weights; from QAT on they are frozen and folded, so keep them
                if (step < plan.qatStart()) {
                    net.recalibrate(arch, plan.masks(), calibration);
                }
                Supernet.Mode mode = Supernet.Mode.eval().withMasks(plan.masks());
                double acc = Evaluator.accuracy(net, arch, mode, data.validation(), data.validation().size());
                double pruned = SubnetMasks.weightSparsity(net, arch, plan.masks());
                ctx.report(-1, "finetune", String.format(Locale.ROOT, "validation step %d: float accuracy %.4f (%d images, sparsity %.3f)",
                        step, acc, data.validation().size(), pruned));
                appendCurvePoint(curvePath, step, acc, pruned);
            });
            BatchSampler sampler = new BatchSampler(data.train(), settings.batchSize(), params.augmentation(), settings.seed());
            TrainingRun run = new TrainingRun(net, plan, settings, sampler, params.checkpoint());
            if (params.resume()) {
                run.resume();
                ctx.report(0, "finetune", "resumed at step " + run.step());
            }
            Path selfTargets = params.checkpoint().resolveSibling("finetune-dense-targets.bin");
            plan.onDenseEnd(() -> {
                net.recalibrate(arch, Map.of(), calibration);
                double test = Evaluator.accuracy(net, arch, Supernet.Mode.eval(), data.test(), data.test().size());
                String line = String.format(Locale.ROOT, "dense_float_test=%.4f dense_snapshot_step=%d%n", test, plan.pruneStart());
                ctx.report(-1, "finetune", "dense snapshot: " + line.trim());
                try {
                    Files.writeString(densePath, line);
                    if (params.teacher() == null) {
                        ctx.report(-1, "teacher", "the dense network teaches its pruned self: soft targets of the " + data.train().size() + " training images");
                        Distillation self = Distillation.fromNetwork(net, arch, Supernet.Mode.eval(), data.train(), params.distillation(), ctx);
                        self.write(selfTargets);
                        run.distillFrom(self);
                    }
                    Path denseCheckpoint = params.checkpoint().resolveSibling(DENSE_CHECKPOINT);
                    run.saveCopy(denseCheckpoint);
                    ctx.report(-1, "finetune", "dense checkpoint " + denseCheckpoint + ": copy it to " + params.checkpoint().getFileName()
                            + " and --resume to prune again, e.g. with another --target-sparsity");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (params.teacher() != null) {
                if (!Files.isRegularFile(params.teacher())) {
                    throw new IOException("no teacher model at " + params.teacher() + " (a .tfm written by a finished fine-tune)");
                }
                ctx.report(0, "teacher", "soft targets of " + params.teacher() + " for the " + data.train().size() + " training images");
                run.distillFrom(Distillation.fromTeacher(FloatModelIO.read(params.teacher()).model(), data.train(), params.distillation(), ctx));
            } else if (run.step() > plan.pruneStart()) {
                if (!Files.isRegularFile(selfTargets)) {
                    throw new IOException("this run is past its dense cycle but " + selfTargets + " (the dense network's targets) is missing");
                }
                run.distillFrom(Distillation.read(selfTargets, data.train().size(), params.distillation()));
            }
            TrainingRun.Outcome outcome = run.run(params.minutes(), ctx);
            if (Files.isRegularFile(densePath)) {
                for (String kv : Files.readString(densePath).trim().split(" ")) {
                    String[] p = kv.split("=");
                    figures.put(p[0], Double.parseDouble(p[1]));
                }
            }
            if (!outcome.finished()) {
                return new Result(outcome, figures, null);
            }
            plan.quant().freeze();
            figures.put("schedule_steps", (double) settings.totalSteps());
            figures.put("weight_sparsity", SubnetMasks.weightSparsity(net, arch, plan.masks()));
            Supernet.Mode sparse = Supernet.Mode.eval().withMasks(plan.masks());
            ctx.report(-1, "evaluate", "float accuracies of the sparse model");
            figures.put("sparse_float_test", Evaluator.accuracy(net, arch, sparse, data.test(), data.test().size()));
            figures.put("sparse_fakequant_test", Evaluator.accuracy(net, arch, sparse.withQuant(plan.quant()), data.test(), data.test().size()));
            FloatModel model = Int8Deployment.floatModel(net, arch, sparsity, plan.masks());
            double[][] ranges = Int8Deployment.qatRanges(model, plan.quant());
            CompiledModel compiled = Int8Deployment.compile(model, ranges);
            Files.createDirectories(params.outDir());
            FloatModelIO.write(params.outDir().resolve("tinyformer.tfm"), model, ranges);
            Path blob = params.outDir().resolve("tinyformer.blob");
            Files.write(blob, compiled.blob());
            ctx.report(-1, "evaluate", "int8 reference interpreter on the 5,000 validation and the 10,000 test images");
            figures.put("int8_validation", Int8Deployment.accuracy(compiled.blob(), data.validation(), data.validation().size()));
            figures.put("int8_test", Int8Deployment.accuracy(compiled.blob(), data.test(), data.test().size()));
            figures.put("blob_bytes", (double) compiled.blob().length);
            figures.put("arena_bytes", (double) compiled.plan().arenaSize());
            figures.put("dense_macs", (double) compiled.denseMacs());
            figures.put("effective_macs", (double) compiled.effectiveMacs());
            figures.put("compiled_sparsity", compiled.sparsity());
            return new Result(outcome, figures, blob);
        }
    }

    /** The run's state at the end of its dense cycle, kept beside its checkpoint. */
    static final String DENSE_CHECKPOINT = "finetune-dense.ckpt";

    /**
     * A run's pruning target must not change once pruning has begun (masks pruned to one target would be finished
     * towards another): until then it is (re)written, after that a resumed run must match it.
     */
    private static void recordOrCheckTarget(Path file, double weightSparsity, boolean beforePruning) throws IOException {
        String target = String.format(Locale.ROOT, "target_weight_sparsity=%.4f%n", weightSparsity);
        if (beforePruning) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, target);
        } else if (Files.isRegularFile(file) && !Files.readString(file).equals(target)) {
            throw new IOException("the run in " + file.getParent() + " was started with " + Files.readString(file).trim()
                    + ", the resumed one asks for " + target.trim() + ": pruning has begun, so give --target-sparsity as it began");
        }
    }

    /** One row of {@code finetune-validation.csv}, the header first when the file is new (a resumed run appends). */
    private static void appendCurvePoint(Path curve, long step, double accuracy, double sparsity) {
        try {
            if (!Files.exists(curve)) {
                Files.writeString(curve, "step,validation_float_accuracy,weight_sparsity\n");
            }
            Files.writeString(curve, String.format(Locale.ROOT, "%d,%.4f,%.4f%n", step, accuracy, sparsity), StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
