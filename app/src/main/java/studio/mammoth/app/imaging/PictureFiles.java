package studio.mammoth.app.imaging;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.api.PngText;
import studio.mammoth.model.world.PixelMask;

/**
 * Pictures and masks from files, for the command line and the workspaces alike: the model works on 64x64 pictures,
 * so another size is centre-cropped to a square and scaled down (or up) with a notice saying so; a file that is not an
 * image is refused with the reason. A mask file is white where the model may edit and black where it must not.
 */
public final class PictureFiles {
    /** The side of every picture the model reads and writes. */
    public static final int SIDE = 64;
    /** Larger pictures are refused before they are decoded, so a huge file cannot exhaust the memory. */
    private static final long MAX_PIXELS = 40_000_000;
    /** Mask pixels at least this bright (0..1, alpha counted as black) are edited. */
    private static final double MASK_THRESHOLD = 0.5;

    private PictureFiles() {
    }

    /** A file that cannot be used, with a reason fit for the user. */
    public static final class RefusedException extends Exception {
        public RefusedException(String reason) {
            super(reason);
        }
    }

    /** What was read, and what was done to it to make it 64x64 (empty when it already was). */
    public record Picture(RgbImage image, Optional<String> notice) {
    }

    /** What a mask file selects, and how it was fitted to 64x64. */
    public record Mask(PixelMask mask, Optional<String> notice) {
    }

    public static Picture readPicture(Path file) throws RefusedException {
        BufferedImage img = decode(file, "picture");
        return new Picture(new RgbImage(SIDE, SIDE, fit(img, false)), notice(file, img));
    }

    /**
     * White (bright) = edit, black = keep. A mask that selects nothing is refused: the edit could not change a pixel.
     */
    public static Mask readMask(Path file) throws RefusedException {
        BufferedImage img = decode(file, "mask");
        int[] gray = fit(img, true);
        boolean[] bits = new boolean[SIDE * SIDE];
        int count = 0;
        for (int i = 0; i < bits.length; i++) {
            bits[i] = gray[i] >= MASK_THRESHOLD * 255;
            count += bits[i] ? 1 : 0;
        }
        if (count == 0) {
            throw new RefusedException("the mask " + file + " selects no pixel (white = edit, black = keep); "
                    + "paint the region to change in white, or leave the mask out to let the model decide");
        }
        return new Mask(new PixelMask(SIDE, bits), notice(file, img));
    }

    /** Writes a PNG with text chunks (the edit's instruction and settings, or nothing). */
    public static void writePng(RgbImage image, Map<String, String> text, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        PngText.write(image, text, file);
    }

    private static BufferedImage decode(Path file, String what) throws RefusedException {
        if (!Files.exists(file)) {
            throw new RefusedException("the " + what + " " + file + " does not exist");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new RefusedException("the " + what + " " + file + " is not a readable file");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new RefusedException("the " + what + " " + file + " is not an image (PNG, JPEG, GIF or BMP)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new RefusedException(String.format(Locale.ROOT, "the %s %s is %dx%d, more than %d megapixels; "
                            + "scale it down first (the model works on %dx%d pictures)", what, file, reader.getWidth(0),
                            reader.getHeight(0), MAX_PIXELS / 1_000_000, SIDE, SIDE));
                }
                BufferedImage img = reader.read(0);
                if (img.getWidth() <= 0 || img.getHeight() <= 0) {
                    throw new RefusedException("the " + what + " " + file + " is an empty image");
                }
                return img;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new RefusedException("the " + what + " " + file + " could not be decoded: " + e.getMessage());
        }
    }

    private static Optional<String> notice(Path file, BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        if (w == SIDE && h == SIDE) {
            return Optional.empty();
        }
        int side = Math.min(w, h);
        String crop = w == h ? "" : String.format(Locale.ROOT, "cropped to its centre %dx%d and ", side, side);
        return Optional.of(String.format(Locale.ROOT, "%s is %dx%d: %sscaled to %dx%d (the model works on %dx%d pictures)",
                file.getFileName(), w, h, crop, SIDE, SIDE, SIDE, SIDE));
    }

    /**
     * The centre square of the picture resampled to 64x64 by area averaging (each output pixel is the mean of the
     * source pixels it covers, so a large photo does not alias), as packed RGB over white or, for masks, brightness
     * 0..255 with transparency counted as black (keep).
     */
    static int[] fit(BufferedImage img, boolean brightness) {
        int side = Math.min(img.getWidth(), img.getHeight());
        int x0 = (img.getWidth() - side) / 2;
        int y0 = (img.getHeight() - side) / 2;
        int[] argb = img.getRGB(x0, y0, side, side, null, 0, side);
        int[] out = new int[SIDE * SIDE];
        int behind = brightness ? 0 : 255; // what shows through transparent pixels
        for (int oy = 0; oy < SIDE; oy++) {
            int sy0 = oy * side / SIDE;
            int sy1 = Math.max(sy0 + 1, (oy + 1) * side / SIDE);
            for (int ox = 0; ox < SIDE; ox++) {
                int sx0 = ox * side / SIDE;
                int sx1 = Math.max(sx0 + 1, (ox + 1) * side / SIDE);
                long r = 0;
                long g = 0;
                long b = 0;
                long n = 0;
                for (int sy = sy0; sy < sy1; sy++) {
                    for (int sx = sx0; sx < sx1; sx++) {
                        int p = argb[sy * side + sx];
                        int a = p >>> 24;
                        r += (((p >> 16) & 0xFF) * a + behind * (255 - a)) / 255;
                        g += (((p >> 8) & 0xFF) * a + behind * (255 - a)) / 255;
                        b += ((p & 0xFF) * a + behind * (255 - a)) / 255;
                        n++;
                    }
                }
                int rr = (int) (r / n);
                int gg = (int) (g / n);
                int bb = (int) (b / n);
                out[oy * SIDE + ox] = brightness ? (rr * 299 + gg * 587 + bb * 114) / 1000 : (rr << 16) | (gg << 8) | bb;
            }
        }
        return out;
    }
}
