package studio.mammoth.common.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST as installed by the Debian package dataset-fashion-mnist: four IDX files, gzip'd.
 * Both halves of the product learn from it (the wardrobe world and TinyFormer), so it lives here.
 */
public final class FashionMnist {
    public static final int SIDE = 28;
    public static final int PIXELS = SIDE * SIDE;
    public static final List<String> CLASS_NAMES = List.of(
            "t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot");

    /** Where Debian puts it; MAMMOTH_FASHION_MNIST overrides it (a user's copy, a test fixture). */
    public static Path defaultDirectory() {
        String override = System.getenv("MAMMOTH_FASHION_MNIST");
        return Path.of(override != null && !override.isBlank() ? override : "/usr/share/datasets/fashion-mnist");
    }

    public enum Part {
        TRAIN("train"), TEST("t10k");

        private final String prefix;

        Part(String prefix) {
            this.prefix = prefix;
        }

        Path images(Path dir) {
            return dir.resolve(prefix + "-images-idx3-ubyte.gz");
        }

        Path labels(Path dir) {
            return dir.resolve(prefix + "-labels-idx1-ubyte.gz");
        }
    }

    /**
     * One split in memory.
     *
     * @param images row-major 28x28 unsigned bytes, image i at [i*784, (i+1)*784)
     * @param labels class index per image
     */
    public record Split(byte[] images, byte[] labels) {
        public int size() {
            return labels.length;
        }

        public int label(int i) {
            return labels[i];
        }

        /** Pixel (x, y) of image i in [0, 255]. */
        public int pixel(int i, int x, int y) {
            return images[i * PIXELS + y * SIDE + x] & 0xFF;
        }
    }

    private FashionMnist() {
    }

    /** The files that must exist for {@link #load}; doctor lists the missing ones. */
    public static List<Path> requiredFiles(Path dir) {
        return List.of(Part.TRAIN.images(dir), Part.TRAIN.labels(dir), Part.TEST.images(dir), Part.TEST.labels(dir));
    }

    public static boolean isInstalled(Path dir) {
        return requiredFiles(dir).stream().allMatch(Files::isReadable);
    }

    public static Split load(Part part) throws IOException {
        return load(defaultDirectory(), part);
    }

    public static Split load(Path dir, Part part) throws IOException {
        Path imageFile = part.images(dir);
        Path labelFile = part.labels(dir);
        if (!Files.isReadable(imageFile) || !Files.isReadable(labelFile)) {
            throw new IOException("Fashion-MNIST is not installed at " + dir
                    + " (install the Debian package dataset-fashion-mnist; ./mammoth doctor checks it)");
        }
        byte[] images = readIdx(imageFile, 0x00000803, 3);
        byte[] labels = readIdx(labelFile, 0x00000801, 1);
        if (images.length != labels.length * PIXELS) {
            throw new IOException(imageFile + " holds " + images.length / PIXELS + " images but " + labelFile + " " + labels.length + " labels");
        }
        return new Split(images, labels);
    }

    private static byte[] readIdx(Path file, int expectedMagic, int dims) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16))) {
            int magic = in.readInt();
            if (magic != expectedMagic) {
                throw new IOException(file + ": not an IDX file of " + dims + " dimensions (magic 0x" + Integer.toHexString(magic) + ")");
            }
            long total = 1;
            int[] shape = new int[dims];
            for (int d = 0; d < dims; d++) {
                shape[d] = in.readInt();
                total *= shape[d];
            }
            if (dims == 3 && (shape[1] != SIDE || shape[2] != SIDE)) {
                throw new IOException(file + ": images are " + shape[1] + "x" + shape[2] + ", expected 28x28");
            }
            if (total > Integer.MAX_VALUE - 8) {
                throw new IOException(file + ": too large");
            }
            byte[] data = new byte[(int) total];
            in.readFully(data);
            return data;
        }
    }
}
