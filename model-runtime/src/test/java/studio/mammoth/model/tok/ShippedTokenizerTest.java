package studio.mammoth.model.tok;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.ModelFixture;
import studio.mammoth.model.api.ModelFiles;
import studio.mammoth.model.train.WorldExamples;

/** The committed MammothTok loads (checksum verified) and reconstructs world pictures it never trained on. */
class ShippedTokenizerTest {
    static Path shipped() {
        Path fromModule = Path.of("..", "assets", "models", ModelFiles.TOKENIZER);
        return Files.isRegularFile(fromModule) ? fromModule : Path.of("assets", "models", ModelFiles.TOKENIZER);
    }

    @Test
    void reconstructsHeldOutWorldPictures() throws Exception {
        WorldExamples world = WorldExamples.training();
        try (NDManager m = ModelFixture.manager()) {
            MammothTok tok = ModelFiles.readTokenizer(shipped(), m);
            int n = 8;
            float[] px = new float[n * 3 * 64 * 64];
            RgbImage[] originals = new RgbImage[n];
            for (int i = 0; i < n; i++) {
                originals[i] = world.example(40_000 + i).image(); // beyond the decoder's 30000-picture training pool and held-out set
                Pixels.write(originals[i], px, i * 3 * 64 * 64);
            }
            MammothTok.Encoded e = tok.encode(m.create(px, new Shape(n, 3, 64, 64)));
            float[] fromCodes = tok.decode(tok.codeLatents(e.codes())).toFloatArray();
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += Pixels.psnr(Pixels.read(fromCodes, i, 64, 64), originals[i]) / n;
            }
            assertTrue(mean > 21, "PSNR from codes " + mean + " dB");
        }
    }
}
