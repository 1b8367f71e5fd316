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
    void residualBlocksStartAsTheIdentityAndTheDecoderKeepsItsShape() {
        try (NDManager m = ModelFixture.manager()) {
            Parameters p = new Parameters(m, 4);
            NDArray x = m.randomUniform(-1, 1, new Shape(2, 6, 8, 8));
            ResidualBlock[] blocks = ResidualBlock.stack(p, "test.res", 6, 2);
            assertEquals(0f, ResidualBlock.apply(blocks, x).sub(x).abs().max().getFloat(), 0f);

            MammothTok.Config tiny = MammothTok.Config.tiny();
            MammothTok.Config deeper = new MammothTok.Config(64, 8, 8, 64, 8, 16, 16, 0.25, 2, 0);
            MammothTok tok = new MammothTok(deeper, new Parameters(m, 5));
            assertEquals(new Shape(1, 3, 64, 64), tok.decode(tok.encode(m.randomUniform(-1, 1, new Shape(1, 3, 64, 64))).latents()).getShape());
            assertTrue(tok.parameters().count() > new MammothTok(tiny, new Parameters(m, 5)).parameters().count());
        }
    }

    @Test
    void theEdgeTermAddsToTheReconstructionLossOfAnImperfectDecode() {
        try (NDManager m = ModelFixture.manager()) {
            MammothTok.Config plain = MammothTok.Config.tiny();
            MammothTok.Config edges = new MammothTok.Config(64, 8, 8, 64, 8, 16, 16, 0.25, 0, 1.0);
            NDArray x = m.randomUniform(-1, 1, new Shape(2, 3, 64, 64));
            NDArray quantised = m.ones(new Shape(2));
            float mse = new MammothTok(plain, new Parameters(m, 6)).loss(x, quantised).reconstruction().getFloat();
            float withEdges = new MammothTok(edges, new Parameters(m, 6)).loss(x, quantised).reconstruction().getFloat();
            // same seed, same weights: the difference is the edge term, positive for a random picture the untrained decoder misses
            assertTrue(withEdges > mse + 0.1f, withEdges + " vs " + mse);
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

    @Test
    void nearDuplicateCodesMergeIntoOneRepresentativeWithinTheThreshold() {
        try (NDManager m = ModelFixture.manager()) {
            MammothTok.Config config = MammothTok.Config.tiny();
            Parameters p = new Parameters(m, 3);
            MammothTok tok = new MammothTok(config, p);
            int k = config.codebookSize();
            int d = config.latentDim();
            float[] book = p.get("tok.codebook").toFloatArray();
            for (int j = 0; j < d; j++) { // codes 5 and 9 near copies of code 2 (scaled and nudged)
                book[5 * d + j] = book[2 * d + j] * 3f + (j == 0 ? 0.01f : 0f);
                book[9 * d + j] = book[2 * d + j] * 2f + (j == 1 ? 0.01f : 0f);
            }
            p.get("tok.codebook").set(book);
            int[] merged = tok.mergedCodes(0.999);
            assertEquals(2, merged[5]);
            assertEquals(2, merged[9]);
            assertEquals(2, merged[2]);
            float[][] unit = new float[k][d];
            for (int i = 0; i < k; i++) {
                double n = 0;
                for (int j = 0; j < d; j++) {
                    n += book[i * d + j] * book[i * d + j];
                }
                for (int j = 0; j < d; j++) {
                    unit[i][j] = (float) (book[i * d + j] / Math.sqrt(n));
                }
            }
            int[] coarse = tok.mergedCodes(0.5);
            for (int i = 0; i < k; i++) {
                int r = coarse[i];
                assertEquals(r, coarse[r], "a representative represents itself");
                double c = 0;
                for (int j = 0; j < d; j++) {
                    c += unit[i][j] * unit[r][j];
                }
                assertTrue(c >= 0.5 - 1e-6, "code " + i + " is within the threshold of its representative " + r + ": " + c);
            }
            int[] raw = tok.mergedCodes(1.0 + 1e-9);
            for (int i = 0; i < k; i++) {
                assertEquals(i, raw[i], "nothing merges above cosine 1");
            }
        }
    }
}
