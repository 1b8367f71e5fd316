package studio.mammoth.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import studio.mammoth.model.world.TestWorlds;
import studio.mammoth.model.world.WardrobeWorld;

class WorldExamplesTest {
    @Test
    void reshapingChangesThePicturesToGenerateButNotTheWorldOfEditsAndQuestions() {
        WardrobeWorld world = TestWorlds.world();
        WorldExamples plain = new WorldExamples(world, "test world");
        WorldExamples gridded = plain.reshaped(w -> w.onGrid(8).firstExemplars(4), "grid 8, 4 exemplars");

        assertEquals("test world, grid 8, 4 exemplars", gridded.name());
        assertSame(world, gridded.taskWorld());
        int differing = 0;
        for (long i = 0; i < 8; i++) {
            differing += plain.example(i).image().equals(gridded.example(i).image()) ? 0 : 1;
        }
        assertNotEquals(0, differing, "the reshaped world draws other pictures");
    }
}
