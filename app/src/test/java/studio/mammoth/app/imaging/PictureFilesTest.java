package studio.mammoth.app.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.world.PixelMask;

class PictureFilesTest {
    @TempDir
    Path dir;

    private Path png(String name, int w, int h, java.util.function.IntBinaryOperator argb, boolean alpha) throws Exception {
        BufferedImage img = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, argb.applyAsInt(x, y));
            }
        }
        Path file = dir.resolve(name);
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    @Test
    void aPictureOfTheModelsSizeIsReadExactlyWithoutNotice() throws Exception {
        RgbImage original = new RgbImage(64, 64);
        for (int i = 0; i < 64 * 64; i++) {
            original.pixels()[i] = (i * 7919 * 263) & 0xFFFFFF;
        }
        Path file = dir.resolve("world.png");
        PictureFiles.writePng(original, Map.of(), file);
        PictureFiles.Picture p = PictureFiles.readPicture(file);
        assertEquals(original, p.image());
        assertTrue(p.notice().isEmpty());
    }

    @Test
    void aLargerSquareIsAreaAveragedDownWithANotice() throws Exception {
        // 128x128 in 2x2 blocks of black and white columns: every output pixel averages one black and one white column
        Path file = png("big.png", 128, 128, (x, y) -> x % 2 == 0 ? 0xFF000000 : 0xFFFFFFFF, false);
        PictureFiles.Picture p = PictureFiles.readPicture(file);
        assertEquals(0x7F7F7F, p.image().get(10, 20));
        assertEquals("big.png is 128x128: scaled to 64x64 (the model works on 64x64 pictures)", p.notice().orElseThrow());
    }

    @Test
    void aWidePictureIsCroppedToItsCentre() throws Exception {
        // 160x128: the outer 16 columns on each side are red and fall away; the centre square is blue
        Path file = png("wide.png", 160, 128, (x, y) -> x < 16 || x >= 144 ? 0xFFFF0000 : 0xFF0000FF, false);
        PictureFiles.Picture p = PictureFiles.readPicture(file);
        for (int v : p.image().pixels()) {
            assertEquals(0x0000FF, v);
        }
        assertTrue(p.notice().orElseThrow().contains("is 160x128: cropped to its centre 128x128 and scaled to 64x64"), p.notice().get());
    }

    @Test
    void somethingThatIsNotAPictureIsRefusedWithTheReason() throws Exception {
        Path text = dir.resolve("notes.png");
        Files.writeString(text, "not a picture at all");
        PictureFiles.RefusedException e = assertThrows(PictureFiles.RefusedException.class, () -> PictureFiles.readPicture(text));
        assertTrue(e.getMessage().contains("is not an image"), e.getMessage());
        e = assertThrows(PictureFiles.RefusedException.class, () -> PictureFiles.readPicture(dir.resolve("missing.png")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        e = assertThrows(PictureFiles.RefusedException.class, () -> PictureFiles.readPicture(dir));
        assertTrue(e.getMessage().contains("is not a readable file"), e.getMessage());
    }

    @Test
    void aMaskIsWhiteWhereTheEditMayChange() throws Exception {
        Path file = png("mask.png", 64, 64, (x, y) -> x >= 10 && x < 20 && y >= 30 && y < 40 ? 0xFFFFFFFF : 0xFF000000, false);
        PixelMask mask = PictureFiles.readMask(file).mask();
        assertEquals(100, mask.count());
        assertTrue(mask.contains(10, 30));
        assertFalse(mask.contains(20, 30));
    }

    @Test
    void aMaskThatSelectsNothingOrIsNoPictureIsRefused() throws Exception {
        Path black = png("black.png", 64, 64, (x, y) -> 0xFF000000, false);
        PictureFiles.RefusedException e = assertThrows(PictureFiles.RefusedException.class, () -> PictureFiles.readMask(black));
        assertTrue(e.getMessage().contains("selects no pixel (white = edit"), e.getMessage());
        Path clear = png("clear.png", 64, 64, (x, y) -> 0x00FFFFFF, true);
        assertThrows(PictureFiles.RefusedException.class, () -> PictureFiles.readMask(clear), "transparent white is not painted");
        Path text = dir.resolve("mask.txt");
        Files.writeString(text, "white");
        e = assertThrows(PictureFiles.RefusedException.class, () -> PictureFiles.readMask(text));
        assertTrue(e.getMessage().startsWith("the mask ") && e.getMessage().contains("is not an image"), e.getMessage());
    }

    @Test
    void picturesFromOutsideTheWorldAreFittedBestEffort() throws Exception {
        Path dot = png("dot.png", 1, 1, (x, y) -> 0xFF336699, false);
        PictureFiles.Picture p = PictureFiles.readPicture(dot);
        assertEquals(0x336699, p.image().get(63, 63), "one pixel fills the picture");
        assertTrue(p.notice().orElseThrow().startsWith("dot.png is 1x1: scaled to 64x64"));

        BufferedImage gray = new BufferedImage(70, 70, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(35, 35, 0, 255);
        Path grayFile = dir.resolve("gray.jpg");
        ImageIO.write(gray, "jpg", grayFile.toFile());
        assertEquals(64, PictureFiles.readPicture(grayFile).image().width(), "a grayscale JPEG is read as RGB");
    }
}
