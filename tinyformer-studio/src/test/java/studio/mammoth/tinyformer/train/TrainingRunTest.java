package studio.mammoth.tinyformer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.tinyformer.data.BatchSampler;
import studio.mammoth.tinyformer.data.FashionMnistData;
import studio.mammoth.tinyformer.space.SearchSpace;

/** A run split by a checkpoint continues exactly where the uninterrupted run would be. */
class TrainingRunTest {
    private static final SearchSpace SPACE = SearchSpace.hybrid(0.5, 16);
    private static final TrainingRun.Settings SETTINGS = new TrainingRun.Settings(8, 1e-3, 1, 4, 0.05, 0.1f, 3);

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

    private static float[] train(Path checkpoint, long firstBox, boolean split) throws IOException {
        FashionMnistData.Images data = randomImages(40, 16, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            Supernet net = new Supernet(SPACE, m, 1);
            TrainingRun run = new TrainingRun(net, new SupernetPlan(SPACE, SupernetPlan.Sampling.UNIFORM), SETTINGS,
                    new BatchSampler(data, 8, true, 5), checkpoint);
            if (split) {
                runSteps(run, firstBox);
                net = new Supernet(SPACE, m, 99); // fresh weights, overwritten by the checkpoint
                run = new TrainingRun(net, new SupernetPlan(SPACE, SupernetPlan.Sampling.UNIFORM), SETTINGS,
                        new BatchSampler(data, 8, true, 5), checkpoint);
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
        float[] straight = train(dir.resolve("a.ckpt"), 0, false);
        float[] resumed = train(dir.resolve("b.ckpt"), 2, true);
        assertArrayEquals(straight, resumed, 1e-6f);
    }

    @Test
    void aCheckpointOfAnotherSpaceIsRefused(@TempDir Path dir) throws IOException {
        Path ckpt = dir.resolve("c.ckpt");
        try (NDManager m = NDManager.newBaseManager()) {
            new TrainingRun(new Supernet(SPACE, m, 1), new SupernetPlan(SPACE, SupernetPlan.Sampling.UNIFORM), SETTINGS,
                    new BatchSampler(randomImages(40, 16, 1), 8, true, 5), ckpt).save();
            SearchSpace other = SearchSpace.hybrid(0.75, 16);
            TrainingRun run = new TrainingRun(new Supernet(other, m, 1), new SupernetPlan(other, SupernetPlan.Sampling.UNIFORM), SETTINGS,
                    new BatchSampler(randomImages(40, 16, 1), 8, true, 5), ckpt);
            IOException e = assertThrows(IOException.class, run::resume);
            assertEquals(true, e.getMessage().contains("w0.50-r16"), e.getMessage());
        }
    }

    @Test
    void aScheduleCanBeLengthenedOnlyWhenAskedAndNeverShortened(@TempDir Path dir) throws IOException {
        Path ckpt = dir.resolve("l.ckpt");
        FashionMnistData.Images data = randomImages(40, 16, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingRun first = new TrainingRun(new Supernet(SPACE, m, 1), new SupernetPlan(SPACE, SupernetPlan.Sampling.UNIFORM),
                    SETTINGS, new BatchSampler(data, 8, true, 5), ckpt);
            runSteps(first, 2);
            TrainingRun longer = new TrainingRun(new Supernet(SPACE, m, 1), new SupernetPlan(SPACE, SupernetPlan.Sampling.UNIFORM),
                    SETTINGS.withTotalSteps(10), new BatchSampler(data, 8, true, 5), ckpt);
            IOException same = assertThrows(IOException.class, longer::resume);
            assertEquals(true, same.getMessage().contains("keep --steps the same"), same.getMessage());
            longer.resume(true);
            assertEquals(2, longer.step());
            TrainingRun shorter = new TrainingRun(new Supernet(SPACE, m, 1), new SupernetPlan(SPACE, SupernetPlan.Sampling.UNIFORM),
                    SETTINGS.withTotalSteps(3), new BatchSampler(data, 8, true, 5), ckpt);
            IOException e = assertThrows(IOException.class, () -> shorter.resume(true));
            assertEquals(true, e.getMessage().contains("can only be lengthened"), e.getMessage());
        }
    }
}
