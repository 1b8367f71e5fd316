package studio.mammoth.tinyformer.train;

import ai.djl.ndarray.NDArray;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.LongConsumer;
import studio.mammoth.tinyformer.data.BatchSampler;
import studio.mammoth.tinyformer.prune.BlockPruner;
import studio.mammoth.tinyformer.prune.SparsityPlan;
import studio.mammoth.tinyformer.space.ArchConfig;

/**
 * Training of the chosen subnet in two learning-rate cycles. The first trains it dense to convergence (its own warm-up
 * and cosine to the floor); the second starts again from the peak rate (learning-rate rewinding, Renda et al. 2020)
 * while gradual blockwise magnitude pruning grows towards each layer's target (masks recomputed every
 * {@code maskEvery} steps), keeps the masks fixed, and ends with quantisation-aware training with frozen batch-norm
 * statistics folded into the convolutions.
 *
 * <p>Why two cycles: with one cosine over the whole schedule the dense phase ended at a high rate, so the dense
 * network the pruning started from had not converged (session 9: validation still rising at the end of the dense
 * 30%), and the sparse model ends near the level of the network it was pruned from.
 *
 * <pre>
 *   step 0 .. pruneStart           cycle 1: dense (50% of the schedule; the dense snapshot is taken at its end)
 *   pruneStart .. pruneEnd         cycle 2: sparsity(t) = target * (1 - (1 - p)^3)
 *   pruneEnd .. qatStart           sparse, masks fixed
 *   qatStart .. end                sparse + fake int8 (weights per channel, activations per tensor)
 * </pre>
 */
public final class FinetunePlan implements TrainingRun.Plan {
    private final Supernet net;
    private final ArchConfig arch;
    private final SparsityPlan target;
    private final long pruneStart;
    private final long pruneEnd;
    private final long qatStart;
    private final int maskEvery;
    private final List<BatchSampler.Batch> calibration;
    private final Map<String, NDArray> masks = new LinkedHashMap<>();
    private final FakeQuant quant = new FakeQuant(0.99);
    private boolean statisticsFrozen;

    public FinetunePlan(Supernet net, ArchConfig arch, SparsityPlan target, long totalSteps, List<BatchSampler.Batch> calibration) {
        this.net = net;
        this.arch = arch;
        this.target = target;
        this.pruneStart = Math.round(totalSteps * 0.50);
        this.pruneEnd = Math.round(totalSteps * 0.75);
        this.qatStart = Math.round(totalSteps * 0.88);
        this.maskEvery = (int) Math.max(1, Math.min(50, (pruneEnd - pruneStart) / 20));
        this.calibration = calibration;
    }

    @Override
    public String kind() {
        return "finetune";
    }

    public Map<String, NDArray> masks() {
        return masks;
    }

    public FakeQuant quant() {
        return quant;
    }

    public ArchConfig arch() {
        return arch;
    }

    @Override
    public List<ArchConfig> subnets(long step, Random rnd) {
        return List.of(arch);
    }

    @Override
    public TrainingRun.Cycle cycle(long step, long totalSteps) {
        return step < pruneStart ? new TrainingRun.Cycle(0, pruneStart) : new TrainingRun.Cycle(pruneStart, totalSteps);
    }

    @Override
    public Supernet.Mode mode(long step) {
        Supernet.Mode m = Supernet.Mode.train().withMasks(masks);
        return step >= qatStart ? m.withQuant(quant) : m;
    }

    /** Called once when the dense phase ends (before the first mask), with the dense weights in place. */
    public void onDenseEnd(Runnable hook) {
        this.denseEnd = hook;
    }

    private Runnable denseEnd = () -> { };

    /** Called before every {@code every}-th step (not step 0), for a validation curve; the hook must not train. */
    public void onEvery(int every, LongConsumer hook) {
        if (every <= 0) {
            throw new IllegalArgumentException("a validation interval must be positive, got " + every);
        }
        this.validateEvery = every;
        this.validation = hook;
    }

    private int validateEvery = Integer.MAX_VALUE;
    private LongConsumer validation = step -> { };

    public long pruneStart() {
        return pruneStart;
    }

    public long qatStart() {
        return qatStart;
    }

    @Override
    public void beforeStep(long step) {
        if (step > 0 && step % validateEvery == 0) {
            validation.accept(step);
        }
        if (step == pruneStart) {
            denseEnd.run();
        }
        if (step >= pruneStart && step <= pruneEnd && ((step - pruneStart) % maskEvery == 0 || step == pruneEnd)) {
            updateMasks(BlockPruner.gradual(1.0, step, pruneStart, pruneEnd));
        }
        if (step >= qatStart && !statisticsFrozen) {
            // QAT folds batch norm with fixed statistics, as the integer engine will: measure them once on the final weights.
            net.recalibrate(arch, masks, calibration);
            statisticsFrozen = true;
        }
    }

    /** Masks at {@code fraction} of every layer's target sparsity, from the current weight magnitudes. */
    public void updateMasks(double fraction) {
        SubnetMasks.update(net, arch, target, fraction, masks);
        // zero what is pruned, so a block that returns to the mask later starts from 0, not from a stale value
        for (Map.Entry<String, NDArray> m : masks.entrySet()) {
            net.parameters().get(m.getKey() + ".w").muli(m.getValue());
        }
    }

    @Override
    public String status(long step) {
        return String.format(Locale.ROOT, "  sparsity %.3f%s", SubnetMasks.weightSparsity(net, arch, masks), step >= qatStart ? "  QAT" : "");
    }

    @Override
    public void writeState(DataOutputStream out) throws IOException {
        out.writeInt(masks.size());
        for (Map.Entry<String, NDArray> e : masks.entrySet()) {
            ParameterStore.writeTensor(out, e.getKey(), e.getValue());
        }
        out.writeBoolean(statisticsFrozen);
        out.writeInt(quant.ranges().size());
        for (Map.Entry<String, FakeQuant.Range> e : quant.ranges().entrySet()) {
            out.writeUTF(e.getKey());
            out.writeDouble(e.getValue().min());
            out.writeDouble(e.getValue().max());
        }
    }

    @Override
    public void readState(DataInputStream in) throws IOException {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            NDArray w = net.parameters().get(name + ".w");
            float[] v = ParameterStore.readValues(in, name, w.getShape());
            masks.put(name, net.parameters().manager().create(v, w.getShape()));
        }
        statisticsFrozen = in.readBoolean();
        int r = in.readInt();
        for (int i = 0; i < r; i++) {
            String name = in.readUTF();
            FakeQuant.Range range = new FakeQuant.Range();
            range.set(in.readDouble(), in.readDouble());
            quant.ranges().put(name, range);
        }
    }

    /** Target sparsity over all weights of the architecture (what the done-means counts). */
    public double targetWeightSparsity() {
        return target.weightSparsity(net.space(), arch);
    }

}
