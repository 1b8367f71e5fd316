package studio.mammoth.model.api;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.w3c.dom.Node;
import studio.mammoth.common.image.RgbImage;

/**
 * PNG files that carry their generation settings in tEXt chunks (prompt, seed, steps, guidance, model), so a
 * picture dropped back onto the product restores how it was made.
 */
public final class PngText {
    private static final String FORMAT = "javax_imageio_png_1.0";

    private PngText() {
    }

    public static Map<String, String> settings(GeneratedImage g) {
        Map<String, String> text = new LinkedHashMap<>();
        text.put("prompt", g.prompt());
        text.put("seed", Long.toString(g.seed()));
        text.put("steps", Integer.toString(g.steps()));
        text.put("guidance", Double.toString(g.guidance()));
        text.put("model", g.modelId());
        text.put("Software", "Mammoth Studio");
        return text;
    }

    public static void write(RgbImage image, Map<String, String> text, Path file) throws IOException {
        BufferedImage img = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, image.width(), image.height(), image.pixels(), 0, image.width());
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try {
            IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), writer.getDefaultWriteParam());
            IIOMetadataNode chunks = new IIOMetadataNode("tEXt");
            text.forEach((k, v) -> {
                IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
                entry.setAttribute("keyword", k);
                entry.setAttribute("value", v);
                chunks.appendChild(entry);
            });
            IIOMetadataNode root = new IIOMetadataNode(FORMAT);
            root.appendChild(chunks);
            meta.mergeTree(FORMAT, root);
            Files.deleteIfExists(file);
            try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
                writer.setOutput(out);
                writer.write(new IIOImage(img, null, meta));
            }
        } finally {
            writer.dispose();
        }
    }

    /** The tEXt entries of a PNG (empty when it has none). */
    public static Map<String, String> read(Path file) throws IOException {
        Map<String, String> text = new LinkedHashMap<>();
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (in == null || !readers.hasNext()) {
                throw new IOException(file + " is not an image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                IIOMetadata meta = reader.getImageMetadata(0);
                if (meta == null || !FORMAT.equals(meta.getNativeMetadataFormatName())) {
                    return text;
                }
                Node root = meta.getAsTree(FORMAT);
                for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if ("tEXt".equals(n.getNodeName())) {
                        for (Node e = n.getFirstChild(); e != null; e = e.getNextSibling()) {
                            IIOMetadataNode entry = (IIOMetadataNode) e;
                            text.put(entry.getAttribute("keyword"), entry.getAttribute("value"));
                        }
                    }
                }
            } finally {
                reader.dispose();
            }
        }
        return text;
    }
}
