package studio.mammoth.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.junit.jupiter.api.Test;
import studio.mammoth.model.ModelFixture;

class EmaTest {
    @Test
    void earlyAveragesFollowTheTrainedWeightsNotTheInitialisation() {
        try (NDManager m = ModelFixture.manager(); Parameters p = new Parameters(m, 1)) {
            p.constant("dit.w", 0f, 4);
            Ema ema = new Ema(p, "dit.", 0.999);
            p.get("dit.w").set(new float[] {1, 1, 1, 1});
            for (int i = 0; i < 100; i++) {
                ema.update();
            }
            // a fixed 0.999 would still be 90% the initial zeros; the warmed-up decay has forgotten them
            assertEquals(1f, ema.snapshot().get("dit.w")[0], 1e-3f);
            assertEquals(100, ema.updates());
        }
    }

    @Test
    void anAverageRestoredWithoutItsCountRestartsFromTheLiveWeights() {
        try (NDManager m = ModelFixture.manager(); Parameters p = new Parameters(m, 1)) {
            p.constant("dit.w", 2f, 2);
            Ema ema = new Ema(p, "dit.", 0.999);
            ema.restore(Map.of("dit.w", new float[] {-5, -5}), 0);
            for (int i = 0; i < 50; i++) {
                ema.update();
            }
            assertArrayEquals(new float[] {2, 2}, ema.snapshot().get("dit.w"), 1e-3f);
        }
    }
}
