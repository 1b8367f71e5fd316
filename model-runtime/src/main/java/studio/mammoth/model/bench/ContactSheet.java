package studio.mammoth.model.bench;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import studio.mammoth.common.image.RgbImage;

/** A PNG grid of pictures, each enlarged (nearest neighbour, so pixels stay honest) with its caption wrapped below. */
public final class ContactSheet {
    private static final int SCALE = 3;
    private static final int PAD = 8;
    private static final int CAPTION_LINES = 4;

    private ContactSheet() {
    }

    public static void write(List<RgbImage> images, List<String> captions, int columns, Path file) throws IOException {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("a contact sheet needs at least one picture");
        }
        int tile = images.get(0).width() * SCALE;
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        FontMetrics fm = probe.createGraphics().getFontMetrics(font);
        int lineHeight = fm.getHeight();
        int cellW = tile + PAD, cellH = tile + PAD + CAPTION_LINES * lineHeight;
        int cols = Math.min(columns, images.size());
        int rows = (images.size() + cols - 1) / cols;
        BufferedImage sheet = new BufferedImage(cols * cellW + PAD, rows * cellH + PAD, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(0x2B2B2B));
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        g.setFont(font);
        for (int i = 0; i < images.size(); i++) {
            int x = PAD + (i % cols) * cellW, y = PAD + (i / cols) * cellH;
            g.drawImage(toBuffered(images.get(i), SCALE), x, y, null);
            g.setColor(new Color(0xE8E8E8));
            List<String> lines = wrap(i < captions.size() ? captions.get(i) : "", fm, tile);
            for (int l = 0; l < Math.min(CAPTION_LINES, lines.size()); l++) {
                g.drawString(lines.get(l), x, y + tile + fm.getAscent() + 2 + l * lineHeight);
            }
        }
        g.dispose();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(sheet, "png", file.toFile());
    }

    /** One picture as a PNG at its own size. */
    public static void writeImage(RgbImage image, Path file) throws IOException {
        ImageIO.write(toBuffered(image, 1), "png", file.toFile());
    }

    /** Reads a PNG (or any format ImageIO knows) into an RgbImage. */
    public static RgbImage readImage(Path file) throws IOException {
        BufferedImage b = ImageIO.read(file.toFile());
        if (b == null) {
            throw new IOException(file + " is not an image ImageIO can read");
        }
        int[] rgb = b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth());
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] &= 0xFFFFFF;
        }
        return new RgbImage(b.getWidth(), b.getHeight(), rgb);
    }

    static BufferedImage toBuffered(RgbImage image, int scale) {
        BufferedImage b = new BufferedImage(image.width() * scale, image.height() * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < b.getHeight(); y++) {
            for (int x = 0; x < b.getWidth(); x++) {
                b.setRGB(x, y, image.get(x / scale, y / scale));
            }
        }
        return b;
    }

    private static List<String> wrap(String text, FontMetrics fm, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (fm.stringWidth(candidate) > width && line.length() > 0) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
