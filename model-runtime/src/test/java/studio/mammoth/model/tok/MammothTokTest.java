package studio.mammoth.model.tok;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import studio.mammoth.model.ModelFixture;
import studio.mammoth.model.nn.Parameters;

class MammothTokTest {
    @Test
    void encodesToAnEightByEightGridAndDecodesBackToPixels() {
        MammothTok.Config config = MammothTok.Config.tiny();
        try (NDManager m = ModelFixture.manager()) {
            MammothTok tok = new MammothTok(config, new Parameters(m, 1));
            NDArray x = m.randomUniform(-1, 1, new Shape(2, 3, 64, 64));
            MammothTok.Encoded e = tok.encode(x);
            assertEquals(new Shape(2, 8, 8, 8), e.latents().getShape());
            assertEquals(new Shape(2, 64), e.codes().getShape());
            // continuous latents lie on the sphere of radius sqrt(D): unit RMS per element
            float norm = e.latents().get("0, :, 3, 4").norm().getFloat();
            assertEquals(Math.sqrt(8), norm, 1e-3);
            assertEquals(new Shape(2, 3, 64, 64), tok.decode(e.latents()).getShape());
            assertEquals(new Shape(2, 8, 8, 8), tok.codeLatents(e.codes()).getShape());
            for (int c : e.codes().toIntArray()) {
                assertTrue(c >= 0 && c < config.codebookSize());
            }
        }
    }

    @Test
    void codeLatentsOfTheNearestCodeAreTheClosestCodebookPoint() {
        try (NDManager m = ModelFixture.manager()) {
            MammothTok tok = new MammothTok(MammothTok.Config.tiny(), new Parameters(m, 2));
            NDArray x = m.randomUniform(-1, 1, new Shape(1, 3, 64, 64));
            MammothTok.Encoded e = tok.encode(x);
            NDArray snapped = tok.codeLatents(e.codes());
            // cosine between a latent and its code is at least as high as with any other code's latent
            float own = e.latents().mul(snapped).sum(new int[] {1}).min().getFloat();
            assertTrue(own > 0, "the nearest code points the same way as the latent");
        }
    }
}
