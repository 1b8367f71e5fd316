package studio.mammoth.tinyformer.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import studio.mammoth.common.data.FashionMnist;

/**
 * Fashion-MNIST as TinyFormer uses it: the 60k train file split deterministically into 55k train and 5k validation
 * (a seeded permutation, {@link #SPLIT_SEED}), the 10k test file kept for final figures only, every image resampled
 * to the search space's resolution and scaled to [0, 1].
 */
public final class FashionMnistData {
    public static final long SPLIT_SEED = 20261123L;
    public static final int VALIDATION_SIZE = 5_000;

    /** Images at one resolution as floats in [0, 1], row-major, image i at [i*side*side, (i+1)*side*side). */
    public record Images(float[] pixels, int[] labels, int side) {
        public int size() {
            return labels.length;
        }

        public int pixelsPerImage() {
            return side * side;
        }

        /** The first {@code n} images (cheap subsets for recalibration and tests). */
        public Images head(int n) {
            int m = Math.min(n, size());
            float[] p = java.util.Arrays.copyOf(pixels, m * pixelsPerImage());
            return new Images(p, java.util.Arrays.copyOf(labels, m), side);
        }
    }

    public record Splits(Images train, Images validation, Images test) {
    }

    private FashionMnistData() {
    }

    public static Splits load(int resolution) throws IOException {
        return load(FashionMnist.defaultDirectory(), resolution);
    }

    public static Splits load(Path dir, int resolution) throws IOException {
        FashionMnist.Split train = FashionMnist.load(dir, FashionMnist.Part.TRAIN);
        FashionMnist.Split test = FashionMnist.load(dir, FashionMnist.Part.TEST);
        int[] order = permutation(train.size(), SPLIT_SEED);
        int trainSize = train.size() - VALIDATION_SIZE;
        int[] trainIdx = java.util.Arrays.copyOfRange(order, 0, trainSize);
        int[] valIdx = java.util.Arrays.copyOfRange(order, trainSize, order.length);
        java.util.Arrays.sort(valIdx);
        return new Splits(select(train, trainIdx, resolution), select(train, valIdx, resolution),
                select(test, identity(test.size()), resolution));
    }

    static int[] permutation(int n, long seed) {
        int[] p = identity(n);
        Random rnd = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    private static Images select(FashionMnist.Split split, int[] indices, int side) {
        float[] out = new float[indices.length * side * side];
        int[] labels = new int[indices.length];
        float[] src = new float[FashionMnist.PIXELS];
        for (int n = 0; n < indices.length; n++) {
            int i = indices[n];
            for (int p = 0; p < FashionMnist.PIXELS; p++) {
                src[p] = (split.images()[i * FashionMnist.PIXELS + p] & 0xFF) / 255f;
            }
            resample(src, FashionMnist.SIDE, out, n * side * side, side);
            labels[n] = split.label(i);
        }
        return new Images(out, labels, side);
    }

    /**
     * Bilinear resampling with pixel centres aligned (as torch's interpolate with align_corners=false); an identity
     * at equal sizes. The firmware receives images already at the model's resolution.
     */
    public static void resample(float[] src, int srcSide, float[] dst, int dstOffset, int dstSide) {
        if (srcSide == dstSide) {
            System.arraycopy(src, 0, dst, dstOffset, srcSide * srcSide);
            return;
        }
        double scale = (double) srcSide / dstSide;
        for (int y = 0; y < dstSide; y++) {
            double sy = Math.max(0, (y + 0.5) * scale - 0.5);
            int y0 = Math.min((int) sy, srcSide - 1);
            int y1 = Math.min(y0 + 1, srcSide - 1);
            double fy = sy - y0;
            for (int x = 0; x < dstSide; x++) {
                double sx = Math.max(0, (x + 0.5) * scale - 0.5);
                int x0 = Math.min((int) sx, srcSide - 1);
                int x1 = Math.min(x0 + 1, srcSide - 1);
                double fx = sx - x0;
                double top = src[y0 * srcSide + x0] * (1 - fx) + src[y0 * srcSide + x1] * fx;
                double bottom = src[y1 * srcSide + x0] * (1 - fx) + src[y1 * srcSide + x1] * fx;
                dst[dstOffset + y * dstSide + x] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
    }
}
