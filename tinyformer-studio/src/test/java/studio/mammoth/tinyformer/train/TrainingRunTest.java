package studio.mammoth.tinyformer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.tinyformer.data.BatchSampler;
import studio.mammoth.tinyformer.data.FashionMnistData;
import studio.mammoth.tinyformer.prune.SparsityPlan;
import studio.mammoth.tinyformer.space.ArchConfig;
import studio.mammoth.tinyformer.space.SearchSpace;

/** A run split by a checkpoint continues exactly where the uninterrupted run would be. */
class TrainingRunTest {
    private static final SearchSpace SPACE = SearchSpace.hybrid(0.5, 16);
    private static final TrainingRun.Settings SETTINGS = new TrainingRun.Settings(8, 1e-3, 1, 4, 0.05, 0.1f, 3);
    private static int threads;

    /**
     * Exact reproduction needs one deterministic order of every floating-point sum, which PyTorch's CPU kernels promise
     * on one thread only: on two, one of six full test-suite runs (session 16) ended 1.4e-5 apart after ten steps.
     */
    @BeforeAll
    static void oneThread() {
        Engine.getEngine("PyTorch"); // loads the native library JniUtils calls into
        threads = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1);
    }

    @AfterAll
    static void restoreThreads() {
        JniUtils.setNumThreads(threads);
    }

    static FashionMnistData.Images randomImages(int n, int side, long seed) {
        Random rnd = new Random(seed);
        float[] px = new float[n * side * side];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rnd.nextInt(10);
            for (int p = 0; p < side * side; p++) {
                px[i * side * side + p] = rnd.nextFloat() * (labels[i] + 1) / 10f;
            }
        }
        return new FashionMnistData.Images(px, labels, side);
    }

    /** A run of one random subnet a step. */
    private static TrainingRun uniform(Supernet net, TrainingRun.Settings settings, BatchSampler sampler, Path checkpoint) {
        return new TrainingRun(net, new SupernetPlan(net, SupernetPlan.Sampling.UNIFORM), settings, sampler, checkpoint);
    }

    private static float[] train(Path checkpoint, long firstBox, boolean split, SupernetPlan.Sampling sampling) throws IOException {
        FashionMnistData.Images data = randomImages(40, 16, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            Supernet net = new Supernet(SPACE, m, 1);
            TrainingRun run = new TrainingRun(net, new SupernetPlan(net, sampling), SETTINGS,
                    new BatchSampler(data, 8, BatchSampler.Augmentation.STANDARD, 5), checkpoint);
            if (split) {
                runSteps(run, firstBox);
                net = new Supernet(SPACE, m, 99); // fresh weights, overwritten by the checkpoint
                run = new TrainingRun(net, new SupernetPlan(net, sampling), SETTINGS,
                        new BatchSampler(data, 8, BatchSampler.Augmentation.STANDARD, 5), checkpoint);
                run.resume();
                assertEquals(firstBox, run.step());
            }
            run.run(10, TaskContext.unobserved());
            return net.parameters().get("s1.b0.expand.w").toFloatArray();
        }
    }

    /** Runs until {@code steps} by using a schedule view: the loop stops at the first checkpoint boundary we ask for. */
    private static void runSteps(TrainingRun run, long steps) throws IOException {
        while (run.step() < steps) {
            run.runOneStep(TaskContext.unobserved());
        }
        run.save();
    }

    @Test
    void resumingReproducesTheUninterruptedRun(@TempDir Path dir) throws IOException {
        float[] straight = train(dir.resolve("a.ckpt"), 0, false, SupernetPlan.Sampling.UNIFORM);
        float[] resumed = train(dir.resolve("b.ckpt"), 2, true, SupernetPlan.Sampling.UNIFORM);
        assertArrayEquals(straight, resumed, 1e-6f);
    }

    @Test
    void pruningAwareSamplingResumesExactlyAndMasksWhatItsGenesAsk(@TempDir Path dir) throws IOException {
        float[] straight = train(dir.resolve("a.ckpt"), 0, false, SupernetPlan.Sampling.PRUNED);
        float[] resumed = train(dir.resolve("b.ckpt"), 2, true, SupernetPlan.Sampling.PRUNED);
        assertArrayEquals(straight, resumed, 1e-6f);
        try (NDManager m = NDManager.newBaseManager()) {
            Supernet net = new Supernet(SPACE, m, 1);
            SupernetPlan plan = new SupernetPlan(net, SupernetPlan.Sampling.PRUNED);
            int masked = 0;
            int atFullGenes = 0;
            for (long step = 0; step < 40; step++) {
                Random rnd = new Random(step);
                ArchConfig arch = plan.subnets(step, rnd).get(0);
                Map<String, ai.djl.ndarray.NDArray> masks = plan.mode(step).masks();
                if (!masks.isEmpty()) {
                    masked++;
                    double s = SubnetMasks.weightSparsity(net, arch, masks);
                    assertTrue(s < 0.96, "masked weight share " + s);
                    atFullGenes += s >= 0.45 ? 1 : 0; // every gene is >= 0.5 of a layer's blocks
                    for (String layer : masks.keySet()) {
                        assertTrue(arch.layers(SPACE).stream().anyMatch(l -> l.name().equals(layer)), layer + " is a layer of " + arch);
                    }
                }
            }
            // a quarter of the steps dense, the rest masked (binomial(40, 0.75) is in 20..39 with probability > 0.999)
            assertTrue(masked >= 20 && masked < 40, masked + " of 40 steps masked");
            assertTrue(atFullGenes >= 10, atFullGenes + " of 40 steps at the full genes");
        }
    }

    @Test
    void aCheckpointOfAnotherSpaceIsRefused(@TempDir Path dir) throws IOException {
        Path ckpt = dir.resolve("c.ckpt");
        try (NDManager m = NDManager.newBaseManager()) {
            uniform(new Supernet(SPACE, m, 1), SETTINGS,
                    new BatchSampler(randomImages(40, 16, 1), 8, BatchSampler.Augmentation.STANDARD, 5), ckpt).save();
            SearchSpace other = SearchSpace.hybrid(0.75, 16);
            TrainingRun run = uniform(new Supernet(other, m, 1), SETTINGS,
                    new BatchSampler(randomImages(40, 16, 1), 8, BatchSampler.Augmentation.STANDARD, 5), ckpt);
            IOException e = assertThrows(IOException.class, run::resume);
            assertEquals(true, e.getMessage().contains("w0.50-r16"), e.getMessage());
        }
    }

    @Test
    void aCopyKeepsItsStepWhileTheRunGoesOnAndResumesFromThere(@TempDir Path dir) throws IOException {
        Path ckpt = dir.resolve("run.ckpt");
        Path copy = dir.resolve("branch.ckpt");
        FashionMnistData.Images data = randomImages(40, 16, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingRun run = uniform(new Supernet(SPACE, m, 1), SETTINGS, new BatchSampler(data, 8, BatchSampler.Augmentation.STANDARD, 5), ckpt);
            runSteps(run, 2);
            run.saveCopy(copy);
            runSteps(run, 4);
            assertEquals(new TrainingRun.Header("supernet", SPACE.label(), 2, SETTINGS.totalSteps()), TrainingRun.header(copy));
            assertEquals(4, TrainingRun.header(ckpt).step());
            TrainingRun branch = uniform(new Supernet(SPACE, m, 7), SETTINGS, new BatchSampler(data, 8, BatchSampler.Augmentation.STANDARD, 5), copy);
            branch.resume();
            assertEquals(2, branch.step());
        }
    }

    @Test
    void aScheduleCanBeLengthenedOnlyWhenAskedAndNeverShortened(@TempDir Path dir) throws IOException {
        Path ckpt = dir.resolve("l.ckpt");
        FashionMnistData.Images data = randomImages(40, 16, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingRun first = uniform(new Supernet(SPACE, m, 1),
                    SETTINGS, new BatchSampler(data, 8, BatchSampler.Augmentation.STANDARD, 5), ckpt);
            runSteps(first, 2);
            TrainingRun longer = uniform(new Supernet(SPACE, m, 1),
                    SETTINGS.withTotalSteps(10), new BatchSampler(data, 8, BatchSampler.Augmentation.STANDARD, 5), ckpt);
            IOException same = assertThrows(IOException.class, longer::resume);
            assertEquals(true, same.getMessage().contains("keep --steps the same"), same.getMessage());
            longer.resume(true);
            assertEquals(2, longer.step());
            TrainingRun shorter = uniform(new Supernet(SPACE, m, 1),
                    SETTINGS.withTotalSteps(3), new BatchSampler(data, 8, BatchSampler.Augmentation.STANDARD, 5), ckpt);
            IOException e = assertThrows(IOException.class, () -> shorter.resume(true));
            assertEquals(true, e.getMessage().contains("can only be lengthened"), e.getMessage());
        }
    }

    @Test
    void theFineTuneTrainsDenseToTheFloorThenRewindsTheRateForPruning() {
        try (NDManager m = NDManager.newBaseManager()) {
            Supernet net = new Supernet(SPACE, m, 1);
            ArchConfig arch = ArchConfig.sample(SPACE, new Random(5));
            FinetunePlan plan = new FinetunePlan(net, arch, SparsityPlan.uniform(SPACE, arch, 0.75, 8), 1000, List.of());
            TrainingRun.Settings settings = new TrainingRun.Settings(8, 1e-3, 10, 1000, 0.05, 0.1f, 3);
            assertEquals(500, plan.pruneStart(), "the dense cycle is the first half");
            assertEquals(new TrainingRun.Cycle(0, 500), plan.cycle(499, 1000));
            assertEquals(new TrainingRun.Cycle(500, 1000), plan.cycle(500, 1000));
            assertEquals(1e-5, settings.learningRate(499, plan.cycle(499, 1000)), 1e-7, "dense training ends at the floor");
            assertEquals(1e-4, settings.learningRate(500, plan.cycle(500, 1000)), 1e-9, "pruning starts a new warm-up");
            assertEquals(1e-3, settings.learningRate(510, plan.cycle(510, 1000)), 1e-7, "back at the peak after it");
            assertEquals(1e-5, settings.learningRate(999, plan.cycle(999, 1000)), 1e-7);
        }
    }
}
