package studio.mammoth.model.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.mammoth.common.image.RgbImage;

class PngTextTest {
    @TempDir
    Path dir;

    @Test
    void settingsSurviveTheRoundTripThroughTextChunks() throws Exception {
        RgbImage image = new RgbImage(4, 3);
        image.set(1, 2, 0xFF8000);
        GeneratedImage g = new GeneratedImage(image, "a photo of a red bag", 7, 24, 3.0, "mammoth2-mini@abc");
        Path file = dir.resolve("x.png");
        PngText.write(image, PngText.settings(g), file);
        Map<String, String> text = PngText.read(file);
        assertEquals("a photo of a red bag", text.get("prompt"));
        assertEquals("7", text.get("seed"));
        assertEquals("24", text.get("steps"));
        assertEquals("3.0", text.get("guidance"));
        assertEquals("mammoth2-mini@abc", text.get("model"));
        assertEquals(0xFF8000, javax.imageio.ImageIO.read(file.toFile()).getRGB(1, 2) & 0xFFFFFF);
    }
}
