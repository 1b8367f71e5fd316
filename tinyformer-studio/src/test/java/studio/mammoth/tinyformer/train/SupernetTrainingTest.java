package studio.mammoth.tinyformer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.mammoth.tinyformer.data.BatchSampler;
import studio.mammoth.tinyformer.space.SearchSpace;

/** A supernet run that names no schedule: the default when new, its checkpoint's when resumed. */
class SupernetTrainingTest {
    private static final SearchSpace SPACE = SearchSpace.hybrid(0.5, 16);

    @TempDir
    Path dir;

    private SupernetTraining.Params params(boolean resume, boolean lengthen, long steps) {
        TrainingRun.Settings settings = new TrainingRun.Settings(8, 1e-3, 1, steps, 0.05, 0.1f, 3);
        return new SupernetTraining.Params(SPACE, 1, resume, lengthen, settings, SupernetPlan.Sampling.UNIFORM,
                dir.resolve("supernet.ckpt"));
    }

    @Test
    void aResumedRunKeepsItsCheckpointsScheduleAndANewRunTakesTheDefault() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Supernet net = new Supernet(SPACE, m, 1);
            new TrainingRun(net, new SupernetPlan(net, SupernetPlan.Sampling.UNIFORM), params(false, false, 6).settings(),
                    new BatchSampler(TrainingRunTest.randomImages(40, 16, 1), 8, BatchSampler.Augmentation.STANDARD, 5),
                    dir.resolve("supernet.ckpt")).save();
        }
        assertEquals(6, SupernetTraining.schedule(params(true, false, 0)).totalSteps());
        assertEquals(SupernetTraining.DEFAULT_STEPS, SupernetTraining.schedule(params(false, false, 0)).totalSteps());
        assertEquals(9, SupernetTraining.schedule(params(true, true, 9)).totalSteps(), "a schedule asked for is kept");
    }

    @Test
    void lengtheningNeedsTheLongerSchedulesLength() {
        assertThrows(IllegalArgumentException.class, () -> params(true, true, 0));
    }
}
