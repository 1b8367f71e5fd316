package studio.mammoth.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import studio.mammoth.model.nn.WarmupCosine;

/** Which pictures of a batch the decoder sees through the codes. */
class TokenizerTrainerTest {
    @Test
    void halfTheBatchIsEverySecondPicture() {
        assertArrayEquals(new float[] {0, 1, 0, 1, 0, 1}, TokenizerTrainer.quantisedMask(6, 0.5));
    }

    @Test
    void aQuarterIsEveryFourthPicture() {
        assertArrayEquals(new float[] {0, 0, 0, 1, 0, 0, 0, 1}, TokenizerTrainer.quantisedMask(8, 0.25));
    }

    @Test
    void noneAndAllAreTheEnds() {
        assertArrayEquals(new float[] {0, 0, 0}, TokenizerTrainer.quantisedMask(3, 0));
        assertArrayEquals(new float[] {1, 1, 1}, TokenizerTrainer.quantisedMask(3, 1));
    }

    @Test
    void aShareOutsideTheBatchIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TokenizerTrainer(null, new WarmupCosine(1e-3, 1e-4, 1, 10), 10, 1.5));
    }

    @Test
    void aRunRefusesAShareOutsideTheBatchAndLeavesAnUnsetOneToTheCheckpoint() {
        assertThrows(IllegalArgumentException.class, () -> settings(-0.1));
        assertDoesNotThrow(() -> settings(null));
    }

    private static TokenizerRun.Settings settings(Double share) {
        return new TokenizerRun.Settings(1, false, 1, 2, 2, share, 0, null, Path.of("run"), Path.of("models"), "test");
    }
}
