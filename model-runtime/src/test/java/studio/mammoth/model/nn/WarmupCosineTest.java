package studio.mammoth.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The learning-rate cycle: warm-up, cosine to the floor, and a cycle re-fitted to a new end. */
class WarmupCosineTest {
    private final WarmupCosine cycle = new WarmupCosine(1.0, 0.1, 10, 110, 1000);

    @Test
    void warmsUpLinearlyFromTheCycleStart() {
        assertEquals(0.1, cycle.at(1000), 1e-12);
        assertEquals(1.0, cycle.at(1009), 1e-12);
    }

    @Test
    void decaysToTheFloorAtTheCycleEndAndStaysThere() {
        assertEquals(0.55, cycle.at(1060), 1e-12);
        assertEquals(0.1, cycle.at(1110), 1e-12);
        assertEquals(0.1, cycle.at(5000), 1e-12);
    }

    @Test
    void aLaterEndStretchesTheDecayAndKeepsTheWarmUp() {
        WarmupCosine longer = cycle.endingAfter(210);
        assertEquals(cycle.at(1005), longer.at(1005), 1e-12);
        assertEquals(0.55, longer.at(1110), 1e-12);
    }
}
