package studio.mammoth.tinyformer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.tinyformer.data.BatchSampler;
import studio.mammoth.tinyformer.space.ArchConfig;

/**
 * The time-boxed, resumable training loop shared by the supernet and the winner's fine-tuning: mini-batches from a
 * seeded sampler, AdamW with warm-up + cosine learning rate over a fixed schedule length, one or more subnets per step
 * (gradients summed), a checkpoint every few minutes and at the end of the time box. Resuming restores parameters,
 * optimizer moments, the step, the sampler position and whatever the {@link Plan} keeps (masks, ranges).
 */
public final class TrainingRun {
    private static final int MAGIC = 0x54464350; // "TFCP"
    private static final int VERSION = 1;

    /**
     * @param batchSize     images per step
     * @param peakLr        learning rate after warm-up
     * @param warmupSteps   linear warm-up length
     * @param totalSteps    schedule length (the cosine reaches its floor here; training stops here); 0 = not decided yet
     * @param weightDecay   AdamW decoupled decay
     * @param labelSmoothing cross-entropy smoothing
     * @param seed          data order, augmentation and subnet sampling
     */
    public record Settings(int batchSize, double peakLr, int warmupSteps, long totalSteps, double weightDecay,
                           float labelSmoothing, long seed) {
        public Settings {
            if (batchSize <= 0 || peakLr <= 0 || totalSteps < 0 || warmupSteps < 0) {
                throw new IllegalArgumentException("batch size and learning rate must be positive, steps not negative");
            }
        }

        public Settings withTotalSteps(long steps) {
            return new Settings(batchSize, peakLr, (int) Math.min(warmupSteps, steps / 10), steps, weightDecay, labelSmoothing, seed);
        }

        /** Warm-up from the cycle's start, then cosine down to 1% of the peak at its end. */
        double learningRate(long step, Cycle cycle) {
            long t = step - cycle.start();
            if (t < warmupSteps) {
                return peakLr * (t + 1) / warmupSteps;
            }
            double p = Math.min(1.0, (double) (t - warmupSteps) / Math.max(1, cycle.end() - cycle.start() - warmupSteps));
            return peakLr * (0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * p)));
        }
    }

    /** The steps {@code [start, end)} of one learning-rate cycle. */
    public record Cycle(long start, long end) {
    }

    /** What is trained at each step, and any state of its own that a checkpoint must carry. */
    public interface Plan {
        String kind();

        /** Subnets whose gradients are summed this step. */
        List<ArchConfig> subnets(long step, Random rnd);

        Supernet.Mode mode(long step);

        /** The learning-rate cycle {@code step} belongs to: one over the whole schedule unless the plan restarts it. */
        default Cycle cycle(long step, long totalSteps) {
            return new Cycle(0, totalSteps);
        }

        /** Called before each step (pruning masks grow here); may use the net's parameters. */
        default void beforeStep(long step) {
        }

        default String status(long step) {
            return "";
        }

        default void writeState(DataOutputStream out) throws IOException {
        }

        default void readState(DataInputStream in) throws IOException {
        }
    }

    /** How a time box ended. */
    public record Outcome(long startStep, long endStep, long totalSteps, double seconds, double lastLoss, boolean finished) {
        public double stepsPerSecond() {
            return seconds <= 0 ? 0 : (endStep - startStep) / seconds;
        }
    }

    private final Supernet net;
    private final Plan plan;
    private final Settings settings;
    private final BatchSampler sampler;
    private final AdamW optimizer;
    private final Path checkpoint;
    private Distillation distillation;
    private long step;

    public TrainingRun(Supernet net, Plan plan, Settings settings, BatchSampler sampler, Path checkpoint) {
        this.net = net;
        this.plan = plan;
        this.settings = settings;
        this.sampler = sampler;
        this.optimizer = new AdamW(settings.weightDecay());
        this.checkpoint = checkpoint;
        if (settings.totalSteps() <= 0) {
            throw new IllegalArgumentException("a training run needs a schedule of at least one step");
        }
    }

    public long step() {
        return step;
    }

    /** From now on every step's loss blends in {@code d}'s teacher targets. */
    public void distillFrom(Distillation d) {
        this.distillation = d;
    }

    /** Trains until {@code minutes} have passed or the schedule ends; always leaves a checkpoint. */
    public Outcome run(double minutes, TaskContext ctx) throws IOException {
        long start = System.nanoTime();
        long deadline = start + (long) (minutes * 60e9);
        long lastSave = start;
        long firstStep = step;
        double lossAvg = Double.NaN;
        while (step < settings.totalSteps() && System.nanoTime() < deadline) {
            double lossValue = runOneStep(ctx);
            lossAvg = Double.isNaN(lossAvg) ? lossValue : 0.98 * lossAvg + 0.02 * lossValue;
            long now = System.nanoTime();
            if (step % 25 == 0 || step == settings.totalSteps()) {
                double secs = (now - start) / 1e9;
                double rate = (step - firstStep) / secs;
                double etaSchedule = (settings.totalSteps() - step) / rate;
                double etaBox = Math.max(0, Math.min((deadline - now) / 1e9, etaSchedule));
                ctx.report((double) step / settings.totalSteps(), plan.kind(), String.format(Locale.ROOT,
                        "step %d/%d epoch %d loss %.4f lr %.2e %.2f steps/s  time box ends in %s, schedule ends in %s%s",
                        step, settings.totalSteps(), sampler.epoch(), lossAvg, learningRate(step), rate,
                        clock(etaBox), clock(etaSchedule), plan.status(step)));
            }
            if (now - lastSave > 4 * 60e9) {
                save();
                lastSave = now;
            }
        }
        save();
        double secs = (System.nanoTime() - start) / 1e9;
        return new Outcome(firstStep, step, settings.totalSteps(), secs, lossAvg, step >= settings.totalSteps());
    }

    /** One optimisation step (the subnets of the plan, gradients summed, one AdamW update); returns the summed loss. */
    public double runOneStep(TaskContext ctx) {
        ctx.throwIfCancelled();
        plan.beforeStep(step);
        Random rnd = new Random(settings.seed() * 31 + step);
        BatchSampler.Batch batch = sampler.next();
        double lossValue = 0;
        try (NDManager s = net.parameters().manager().newSubManager()) {
            NDArray[] xy = batch.toArrays(s);
            List<ArchConfig> subnets = plan.subnets(step, rnd);
            Supernet.Mode mode = plan.mode(step); // after the subnets: a plan may derive the step's masks from them
            for (ArchConfig arch : subnets) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = net.forward(xy[0], arch, mode);
                    NDArray loss = Losses.smoothedCrossEntropy(logits, xy[1], settings.labelSmoothing());
                    if (distillation != null) {
                        loss = distillation.blend(loss, logits, batch.images(), s);
                    }
                    gc.backward(loss);
                    lossValue += loss.getFloat();
                }
            }
        }
        optimizer.step(net.parameters(), learningRate(step));
        step++;
        return lossValue;
    }

    private double learningRate(long step) {
        return settings.learningRate(step, plan.cycle(step, settings.totalSteps()));
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    public void save() throws IOException {
        save(checkpoint);
    }

    /** A checkpoint of the current state in another file, e.g. to branch a later phase from this point with other settings. */
    public void saveCopy(Path file) throws IOException {
        save(file);
    }

    private void save(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(plan.kind());
            out.writeUTF(net.space().label());
            out.writeLong(step);
            out.writeLong(settings.totalSteps());
            out.writeInt(sampler.epoch());
            out.writeInt(sampler.batchesDrawnInEpoch());
            net.parameters().write(out);
            optimizer.write(out);
            plan.writeState(out);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads only the network tensors of a checkpoint (for scoring or as the starting point of another run).
     *
     * @return the step the checkpoint was taken at
     */
    public static long loadWeights(Path file, Supernet net) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no checkpoint at " + file);
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException(file + " is not a TinyFormer training checkpoint of version " + VERSION);
            }
            in.readUTF();
            String space = in.readUTF();
            if (!space.equals(net.space().label())) {
                throw new IOException(file + " was trained on space " + space + ", not " + net.space().label());
            }
            long step = in.readLong();
            in.readLong();
            in.readInt();
            in.readInt();
            net.parameters().read(in);
            return step;
        }
    }

    /** What a checkpoint says about itself: run kind, space, the step it was taken at, and its schedule length. */
    public record Header(String kind, String space, long step, long totalSteps) {
    }

    public static Header header(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException(file + " is not a TinyFormer training checkpoint of version " + VERSION);
            }
            return new Header(in.readUTF(), in.readUTF(), in.readLong(), in.readLong());
        }
    }

    /**
     * Training steps per second of {@code arch} on this machine now: a few full steps (forward, backward, AdamW over all
     * parameters) with learning rate 0 and a throwaway optimizer, so no weight changes; used to size a schedule to a
     * time box.
     */
    public static double measureStepsPerSecond(Supernet net, ArchConfig arch, Supernet.Mode mode, BatchSampler.Batch batch, int passes) {
        NDManager root = net.parameters().manager();
        AdamW probe = new AdamW(0);
        long start = 0;
        for (int i = 0; i <= passes; i++) {
            if (i == 1) {
                start = System.nanoTime(); // the first pass warms up
            }
            try (NDManager s = root.newSubManager()) {
                NDArray[] xy = batch.toArrays(s);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(Losses.smoothedCrossEntropy(net.forward(xy[0], arch, mode), xy[1], 0f));
                }
            }
            probe.step(net.parameters(), 0.0);
        }
        probe.close();
        return passes / ((System.nanoTime() - start) / 1e9);
    }

    /** Restores a checkpoint written by {@link #save} for the same kind of run, space and schedule length. */
    public void resume() throws IOException {
        resume(false);
    }

    /**
     * Restores a checkpoint written by {@link #save} for the same kind of run and space. With {@code lengthen}, the
     * settings may ask for a longer schedule than the checkpoint's: the cosine then continues on the longer curve from
     * the checkpoint's step (a warm restart when the old schedule had finished), moments and data order kept.
     */
    public void resume(boolean lengthen) throws IOException {
        if (!Files.isRegularFile(checkpoint)) {
            throw new IOException("no checkpoint at " + checkpoint + " to resume from (run without --resume first)");
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(checkpoint), 1 << 20))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(checkpoint + " is not a TinyFormer training checkpoint");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException(checkpoint + " has checkpoint version " + version + ", this build reads " + VERSION);
            }
            String kind = in.readUTF();
            String space = in.readUTF();
            if (!kind.equals(plan.kind()) || !space.equals(net.space().label())) {
                throw new IOException(checkpoint + " holds a " + kind + " run of space " + space + ", not a " + plan.kind() + " run of " + net.space().label());
            }
            step = in.readLong();
            long total = in.readLong();
            boolean longer = lengthen && settings.totalSteps() > total;
            if (total != settings.totalSteps() && !longer) {
                throw new IOException(checkpoint + " was made for a " + total + "-step schedule, not " + settings.totalSteps()
                        + (lengthen ? " (a schedule can only be lengthened)" : " (keep --steps the same when resuming)"));
            }
            int epoch = in.readInt();
            int drawn = in.readInt();
            sampler.seek(epoch, drawn);
            net.parameters().read(in);
            optimizer.read(in, net.parameters());
            plan.readState(in);
        }
    }
}
