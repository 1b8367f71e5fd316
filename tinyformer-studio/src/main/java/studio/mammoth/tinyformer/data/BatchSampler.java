package studio.mammoth.tinyformer.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Shuffled mini-batches with light augmentation for Fashion-MNIST ({@link Augmentation}): a random shift of up to
 * {@code maxShift} pixels (pad with zeros and crop), a horizontal flip with probability 1/2 (garments are left-right
 * symmetric) and random erasing (one rectangle of 2-20% of the image set to 0, probability {@code eraseProbability}).
 * The epoch order and every augmentation come from one seeded {@link Random}, so a run is reproducible and its
 * position can be restored from (epoch, cursor).
 */
public final class BatchSampler {
    /**
     * What is applied to each training image.
     *
     * @param maxShift         the image moves by dx, dy drawn uniformly from [-maxShift, maxShift] (zero fill)
     * @param flip             mirror left-right with probability 1/2
     * @param eraseProbability chance of erasing one random rectangle; a strong regulariser for large networks that
     *                         keeps a network of a few hundred thousand weights from fitting its training set
     */
    public record Augmentation(int maxShift, boolean flip, double eraseProbability) {
        /** Nothing: the training images as they are. */
        public static final Augmentation NONE = new Augmentation(0, false, 0);
        /** Shift by up to 2 pixels, flip, erase with probability 1/2 (the supernet's and, by default, the fine-tune's). */
        public static final Augmentation STANDARD = new Augmentation(2, true, 0.5);

        public Augmentation {
            if (maxShift < 0) {
                throw new IllegalArgumentException("shift must be >= 0 pixels, got " + maxShift);
            }
            if (!(eraseProbability >= 0 && eraseProbability <= 1)) {
                throw new IllegalArgumentException("erase probability must be in [0, 1], got " + eraseProbability);
            }
        }

        public Augmentation withEraseProbability(double p) {
            return new Augmentation(maxShift, flip, p);
        }

        boolean isNone() {
            return maxShift == 0 && !flip && eraseProbability == 0;
        }
    }

    /**
     * A batch on the heap, turned into NDArrays by {@link #toArrays}.
     *
     * @param images index of each row's source image in the split (what a per-image target, such as a teacher's, is
     *               looked up by)
     */
    public record Batch(float[] pixels, int[] labels, int side, int[] images) {
        public int size() {
            return labels.length;
        }

        /** images N x 1 x side x side, labels N (int32 as float-free class indices). */
        public NDArray[] toArrays(NDManager manager) {
            NDArray x = manager.create(pixels, new Shape(labels.length, 1, side, side));
            NDArray y = manager.create(labels);
            return new NDArray[] {x, y};
        }
    }

    private final FashionMnistData.Images data;
    private final int batchSize;
    private final Augmentation augmentation;
    private final long seed;
    private Random rnd;
    private int[] order;
    private int cursor;
    private int epoch;

    public BatchSampler(FashionMnistData.Images data, int batchSize, Augmentation augmentation, long seed) {
        if (batchSize <= 0 || batchSize > data.size()) {
            throw new IllegalArgumentException("batch size must be in [1, " + data.size() + "], got " + batchSize);
        }
        this.data = data;
        this.batchSize = batchSize;
        this.augmentation = augmentation;
        this.seed = seed;
        startEpoch(0);
    }

    public int epoch() {
        return epoch;
    }

    public int batchesDrawnInEpoch() {
        return cursor / batchSize;
    }

    public int stepsPerEpoch() {
        return data.size() / batchSize;
    }

    /** Restores the position after (epoch, batches already drawn in it): the same batches follow as in the first run. */
    public void seek(int epochIndex, int batchesDrawn) {
        startEpoch(epochIndex);
        for (int i = 0; i < batchesDrawn; i++) {
            next();
        }
    }

    private void startEpoch(int e) {
        epoch = e;
        rnd = new Random(seed * 1_000_003L + e);
        order = FashionMnistData.permutation(data.size(), rnd.nextLong());
        cursor = 0;
    }

    /** The next training batch; a new epoch (new order) starts when fewer than a batch remain. */
    public Batch next() {
        if (cursor + batchSize > order.length) {
            startEpoch(epoch + 1);
        }
        int side = data.side();
        int ppi = data.pixelsPerImage();
        float[] px = new float[batchSize * ppi];
        int[] labels = new int[batchSize];
        int[] images = new int[batchSize];
        for (int n = 0; n < batchSize; n++) {
            int i = order[cursor++];
            labels[n] = data.labels()[i];
            images[n] = i;
            if (augmentation.isNone()) {
                System.arraycopy(data.pixels(), i * ppi, px, n * ppi, ppi);
                continue;
            }
            int maxShift = augmentation.maxShift();
            int dx = rnd.nextInt(2 * maxShift + 1) - maxShift;
            int dy = rnd.nextInt(2 * maxShift + 1) - maxShift;
            boolean flip = augmentation.flip() && rnd.nextBoolean();
            for (int y = 0; y < side; y++) {
                int sy = y - dy;
                if (sy < 0 || sy >= side) {
                    continue;
                }
                for (int x = 0; x < side; x++) {
                    int sx = (flip ? side - 1 - x : x) - dx;
                    if (sx >= 0 && sx < side) {
                        px[n * ppi + y * side + x] = data.pixels()[i * ppi + sy * side + sx];
                    }
                }
            }
            if (augmentation.eraseProbability() > 0 && rnd.nextDouble() < augmentation.eraseProbability()) {
                erase(px, n * ppi, side);
            }
        }
        return new Batch(px, labels, side, images);
    }

    private void erase(float[] px, int offset, int side) {
        double area = (0.02 + rnd.nextDouble() * 0.18) * side * side;
        double aspect = Math.exp(Math.log(0.3) + rnd.nextDouble() * (Math.log(3.3) - Math.log(0.3)));
        int h = Math.min(side, Math.max(1, (int) Math.round(Math.sqrt(area * aspect))));
        int w = Math.min(side, Math.max(1, (int) Math.round(Math.sqrt(area / aspect))));
        int top = rnd.nextInt(side - h + 1);
        int left = rnd.nextInt(side - w + 1);
        for (int y = top; y < top + h; y++) {
            java.util.Arrays.fill(px, offset + y * side + left, offset + y * side + left + w, 0f);
        }
    }

    /** Consecutive, un-augmented batches over a whole split for evaluation (the last one may be short). */
    public static Batch slice(FashionMnistData.Images data, int from, int count) {
        int n = Math.min(count, data.size() - from);
        int ppi = data.pixelsPerImage();
        float[] px = java.util.Arrays.copyOfRange(data.pixels(), from * ppi, (from + n) * ppi);
        int[] labels = java.util.Arrays.copyOfRange(data.labels(), from, from + n);
        return new Batch(px, labels, data.side(), java.util.stream.IntStream.range(from, from + n).toArray());
    }
}
