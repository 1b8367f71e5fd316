package studio.mammoth.model.train;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.tok.TextTokenizer;

/**
 * A user's own pictures: DIR/captions.jsonl with one {"image": "file.png", "caption": "..."} per line, the
 * images beside it. Pictures are centre-cropped to a square and scaled to 64x64; the vocabulary is the
 * captions' words.
 */
public final class DirectoryExamples implements TrainingExamples {
    private final Path dir;
    private final List<Example> examples = new ArrayList<>();
    private final List<String> vocabulary;

    public DirectoryExamples(Path dir, int side) throws IOException {
        this.dir = dir;
        Path index = dir.resolve("captions.jsonl");
        if (!Files.isRegularFile(index)) {
            throw new IOException(dir + " has no captions.jsonl (one {\"image\": \"file.png\", \"caption\": \"...\"} per line)");
        }
        Gson gson = new Gson();
        Set<String> words = new LinkedHashSet<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(index)) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            JsonObject o;
            try {
                o = gson.fromJson(line, JsonObject.class);
            } catch (RuntimeException e) {
                throw new IOException("captions.jsonl line " + lineNumber + " is not JSON: " + e.getMessage());
            }
            if (o == null || !o.has("image") || !o.has("caption")) {
                throw new IOException("captions.jsonl line " + lineNumber + " needs \"image\" and \"caption\"");
            }
            Path file = dir.resolve(o.get("image").getAsString());
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new IOException("captions.jsonl line " + lineNumber + ": " + file + " is not a readable image");
            }
            String caption = o.get("caption").getAsString();
            words.addAll(TextTokenizer.split(caption));
            examples.add(new Example(caption, squareAndScale(img, side)));
        }
        if (examples.isEmpty()) {
            throw new IOException(index + " lists no pictures");
        }
        this.vocabulary = List.copyOf(words);
    }

    static RgbImage squareAndScale(BufferedImage img, int side) {
        int s = Math.min(img.getWidth(), img.getHeight());
        BufferedImage square = img.getSubimage((img.getWidth() - s) / 2, (img.getHeight() - s) / 2, s, s);
        BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(square, 0, 0, side, side, null);
        g.dispose();
        return new RgbImage(side, side, out.getRGB(0, 0, side, side, null, 0, side));
    }

    @Override
    public String name() {
        return "folder " + dir;
    }

    @Override
    public Example example(long index) {
        return examples.get((int) Math.floorMod(index, (long) examples.size()));
    }

    @Override
    public List<String> vocabulary() {
        return vocabulary;
    }
}
