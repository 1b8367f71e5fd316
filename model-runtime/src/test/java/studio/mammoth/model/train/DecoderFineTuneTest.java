package studio.mammoth.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import studio.mammoth.model.ModelFixture;
import studio.mammoth.model.nn.Parameters;
import studio.mammoth.model.nn.WarmupCosine;
import studio.mammoth.model.tok.MammothTok;

/**
 * Training a decoder alone - a new one of other sizes, or the trained one against the critic - leaves the encoder and
 * codebook exactly as they were (the codes and latents a generator was trained on), while the decoder and the critic
 * learn; the critic's verdict reaches the decoder only after its warm-up.
 */
class DecoderFineTuneTest {
    @Test
    void onlyTheDecoderAndTheCriticChangeAndTheVerdictWaitsForTheWarmUp() {
        try (NDManager m = ModelFixture.manager()) {
            MammothTok tok = new MammothTok(MammothTok.Config.tiny(), new Parameters(m, 3));
            DecoderCritic critic = new DecoderCritic(m, 4, 0.1, 2);
            TokenizerTrainer trainer = TokenizerTrainer.trainingDecoder(tok, new WarmupCosine(1e-2, 1e-3, 1, 10), 0.5, critic);
            Map<String, float[]> tokBefore = tok.parameters().snapshot();
            Map<String, float[]> criticBefore = critic.parameters().snapshot();
            Random random = new Random(5);
            float[] pixels = randomPixels(random);
            TokenizerTrainer.Losses first = trainer.step(m, pixels, 4, random);
            trainer.step(m, pixels, 4, random);
            TokenizerTrainer.Losses third = trainer.step(m, pixels, 4, random);

            assertTrue(Double.isNaN(first.adversarial()), "a warming-up critic stays out of the decoder's loss");
            assertFalse(Double.isNaN(third.adversarial()), "after its warm-up the critic's verdict is in the decoder's loss");
            assertFalse(Double.isNaN(first.critic()));
            tok.parameters().snapshot().forEach((name, after) -> {
                if (name.startsWith("tok.dec.")) {
                    assertFalse(Arrays.equals(tokBefore.get(name), after), name + " should train");
                } else {
                    assertArrayEquals(tokBefore.get(name), after, name + " should stay frozen");
                }
            });
            critic.parameters().snapshot().forEach((name, after) -> assertFalse(Arrays.equals(criticBefore.get(name), after), name + " should train"));
        }
    }

    @Test
    void theCriticsLearningLeavesNoGradientOnTheDecoder() {
        try (NDManager m = ModelFixture.manager()) {
            MammothTok tok = new MammothTok(MammothTok.Config.tiny(), new Parameters(m, 3));
            DecoderCritic critic = new DecoderCritic(m, 4, 0.1, 100);
            TokenizerTrainer trainer = TokenizerTrainer.trainingDecoder(tok, new WarmupCosine(1e-2, 1e-3, 1, 10), 0.5, critic);
            Random random = new Random(5);
            float[] pixels = randomPixels(random);
            trainer.step(m, pixels, 4, random);
            tok.parameters().all().forEach((name, w) -> {
                if (w.hasGradient()) {
                    org.junit.jupiter.api.Assertions.assertEquals(0f, w.getGradient().abs().sum().getFloat(), 0f, name);
                }
            });
        }
    }

    @Test
    void aNewDecoderOfOtherSizesTrainsWhileTheCodesAndLatentsStayTheTrainedOnes() {
        try (NDManager m = ModelFixture.manager()) {
            MammothTok trained = new MammothTok(MammothTok.Config.tiny(), new Parameters(m, 3));
            MammothTok.Config larger = new MammothTok.Config(64, 8, 8, 64, 12, 20, 24, 0.25, 1, 1.0);
            MammothTok.Config sizes = trained.config().withDecoderOf(larger);
            assertEquals(List.of(8, 16, 16, 12, 20, 24, 1), List.of(sizes.c1(), sizes.c2(), sizes.c3(), sizes.decoderC1(), sizes.decoderC2(),
                    sizes.decoderC3(), sizes.residualBlocks()), "the trained encoder's channels, the new decoder's sizes");
            MammothTok tok = MammothTok.withEncoding(sizes, trained.parameters().snapshot(), new Parameters(m, 9));
            Random random = new Random(5);
            float[] pixels = randomPixels(random);
            NDArray x = m.create(pixels, new Shape(4, 3, 64, 64));
            MammothTok.Encoded before = trained.encode(x);
            Map<String, float[]> start = tok.parameters().snapshot();
            TokenizerTrainer trainer = TokenizerTrainer.trainingDecoder(tok, new WarmupCosine(1e-2, 1e-3, 1, 10), 0.5, null);
            trainer.step(m, pixels, 4, random);
            trainer.step(m, pixels, 4, random);
            tok.parameters().snapshot().forEach((name, after) -> assertEquals(!MammothTok.isDecoder(name), Arrays.equals(start.get(name), after),
                    name + (MammothTok.isDecoder(name) ? " should train" : " should stay frozen")));
            MammothTok.Encoded after = tok.encode(x);
            assertArrayEquals(before.codes().toIntArray(), after.codes().toIntArray());
            assertArrayEquals(before.latents().toFloatArray(), after.latents().toFloatArray(), 0f);
            assertEquals(new Shape(4, 3, 64, 64), tok.decode(after.latents()).getShape());
        }
    }

    @Test
    void aNewDecoderNeedsEveryEncoderWeightOfTheTrainedTokenizer() {
        try (NDManager m = ModelFixture.manager()) {
            Map<String, float[]> trained = new MammothTok(MammothTok.Config.tiny(), new Parameters(m, 3)).parameters().snapshot();
            trained.remove("tok.codebook");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MammothTok.withEncoding(MammothTok.Config.tiny(), trained, new Parameters(m, 9)));
            assertTrue(e.getMessage().contains("tok.codebook"), e.getMessage());
        }
    }

    @Test
    void aRunRefusesTheCriticWithoutATokenizerToResume() {
        assertThrows(IllegalArgumentException.class,
                () -> new TokenizerRun.Settings(1, false, 1, 2, 2, null, 0.1, null, Path.of("run"), Path.of("models"), "test"));
        assertThrows(IllegalArgumentException.class,
                () -> new TokenizerRun.Settings(1, true, 1, 2, 2, null, -0.1, null, Path.of("run"), Path.of("models"), "test"));
    }

    /** Four 64x64 pictures of noise in [-1, 1]. */
    private static float[] randomPixels(Random random) {
        float[] pixels = new float[4 * 3 * 64 * 64];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat() * 2 - 1;
        }
        return pixels;
    }
}
