package studio.mammoth.tinyformer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import studio.mammoth.tinyformer.data.BatchSampler.Augmentation;

class BatchSamplerTest {
    private static final int SIDE = 8;

    /** Images whose pixels are all distinct and non-zero, so any shift or mirror of one is told apart from the others. */
    private static FashionMnistData.Images distinctImages(int n) {
        float[] px = new float[n * SIDE * SIDE];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            for (int p = 0; p < SIDE * SIDE; p++) {
                px[i * SIDE * SIDE + p] = (i * SIDE * SIDE + p + 1) / 1000f;
            }
        }
        return new FashionMnistData.Images(px, labels, SIDE);
    }

    private static float[] image(FashionMnistData.Images data, int label) {
        float[] out = new float[SIDE * SIDE];
        System.arraycopy(data.pixels(), label * SIDE * SIDE, out, 0, SIDE * SIDE);
        return out;
    }

    private static float[] image(BatchSampler.Batch batch, int n) {
        float[] out = new float[SIDE * SIDE];
        System.arraycopy(batch.pixels(), n * SIDE * SIDE, out, 0, SIDE * SIDE);
        return out;
    }

    /** src moved by (dx, dy), mirrored first when {@code flip}; pixels that come from outside are 0. */
    private static float[] transformed(float[] src, int dx, int dy, boolean flip) {
        float[] out = new float[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int sy = y - dy;
                int mx = x - dx; // column of the mirrored image
                if (sy >= 0 && sy < SIDE && mx >= 0 && mx < SIDE) {
                    out[y * SIDE + x] = src[sy * SIDE + (flip ? SIDE - 1 - mx : mx)];
                }
            }
        }
        return out;
    }

    /** The (dx, dy, flip) that turns src into got, or null when none of the allowed ones does. */
    private static String matchingTransform(float[] src, float[] got, int maxShift, boolean flipAllowed) {
        for (int flip = 0; flip <= (flipAllowed ? 1 : 0); flip++) {
            for (int dy = -maxShift; dy <= maxShift; dy++) {
                for (int dx = -maxShift; dx <= maxShift; dx++) {
                    if (java.util.Arrays.equals(transformed(src, dx, dy, flip == 1), got)) {
                        return dx + "," + dy + "," + flip;
                    }
                }
            }
        }
        return null;
    }

    @Test
    void sameSeedSameBatchesDifferentSeedDifferent() {
        FashionMnistData.Images data = distinctImages(20);
        BatchSampler a = new BatchSampler(data, 4, Augmentation.STANDARD, 7);
        BatchSampler b = new BatchSampler(data, 4, Augmentation.STANDARD, 7);
        BatchSampler c = new BatchSampler(data, 4, Augmentation.STANDARD, 8);
        boolean differs = false;
        for (int i = 0; i < 12; i++) { // crosses two epoch boundaries (5 batches an epoch)
            BatchSampler.Batch x = a.next();
            BatchSampler.Batch y = b.next();
            assertArrayEquals(x.pixels(), y.pixels(), "batch " + i);
            assertArrayEquals(x.labels(), y.labels(), "batch " + i);
            differs |= !java.util.Arrays.equals(x.pixels(), c.next().pixels());
        }
        assertTrue(differs, "another seed must give other batches");
    }

    @Test
    void seekContinuesWithTheSameBatches() {
        FashionMnistData.Images data = distinctImages(20);
        BatchSampler first = new BatchSampler(data, 4, Augmentation.STANDARD, 3);
        for (int i = 0; i < 7; i++) {
            first.next();
        }
        BatchSampler resumed = new BatchSampler(data, 4, Augmentation.STANDARD, 3);
        resumed.seek(first.epoch(), first.batchesDrawnInEpoch());
        for (int i = 0; i < 6; i++) {
            assertArrayEquals(first.next().pixels(), resumed.next().pixels(), "batch " + i + " after the seek");
        }
    }

    @Test
    void noAugmentationGivesTheImagesUnchanged() {
        FashionMnistData.Images data = distinctImages(10);
        BatchSampler.Batch batch = new BatchSampler(data, 10, Augmentation.NONE, 1).next();
        for (int n = 0; n < 10; n++) {
            assertArrayEquals(image(data, batch.labels()[n]), image(batch, n));
        }
    }

    @Test
    void flipOnlyMirrorsLeftRightAndDrawsBoth() {
        FashionMnistData.Images data = distinctImages(10);
        BatchSampler sampler = new BatchSampler(data, 10, new Augmentation(0, true, 0), 2);
        assertEquals(Set.of("0,0,0", "0,0,1"), transformsDrawn(data, sampler, 10, 0, true));
    }

    @Test
    void shiftMovesByAtMostTwoPixelsWithZeroFillAndDrawsEveryOffset() {
        FashionMnistData.Images data = distinctImages(10);
        BatchSampler sampler = new BatchSampler(data, 10, new Augmentation(2, false, 0), 4);
        Set<String> seen = transformsDrawn(data, sampler, 60, 2, false);
        assertEquals(25, seen.size(), "every (dx, dy) in [-2, 2]^2 must occur in 600 draws: " + seen);
    }

    @Test
    void erasingZeroesOneRectangleAndLeavesTheRest() {
        FashionMnistData.Images data = distinctImages(10);
        BatchSampler.Batch batch = new BatchSampler(data, 10, new Augmentation(0, false, 1.0), 9).next();
        for (int n = 0; n < 10; n++) {
            float[] src = image(data, batch.labels()[n]);
            float[] got = image(batch, n);
            int top = SIDE;
            int left = SIDE;
            int bottom = -1;
            int right = -1;
            int zeros = 0;
            for (int p = 0; p < got.length; p++) {
                if (got[p] == 0f) {
                    zeros++;
                    top = Math.min(top, p / SIDE);
                    bottom = Math.max(bottom, p / SIDE);
                    left = Math.min(left, p % SIDE);
                    right = Math.max(right, p % SIDE);
                } else {
                    assertEquals(src[p], got[p], "pixel " + p + " outside the erased rectangle changed");
                }
            }
            assertTrue(zeros > 0, "image " + n + ": nothing erased at probability 1");
            assertEquals((bottom - top + 1) * (right - left + 1), zeros, "image " + n + ": the erased pixels are not one rectangle");
        }
    }

    @Test
    void eraseProbabilityZeroNeverErases() {
        FashionMnistData.Images data = distinctImages(10);
        BatchSampler sampler = new BatchSampler(data, 10, Augmentation.STANDARD.withEraseProbability(0), 5);
        transformsDrawn(data, sampler, 20, 2, true);
    }

    /**
     * The transforms ("dx,dy,flipped") that explain each image of {@code batches} batches, failing on an image that is
     * no shift within {@code maxShift} (and, when {@code flip}, mirror) of its source.
     */
    private static Set<String> transformsDrawn(FashionMnistData.Images data, BatchSampler sampler, int batches, int maxShift, boolean flip) {
        Set<String> seen = new HashSet<>();
        for (int b = 0; b < batches; b++) {
            BatchSampler.Batch batch = sampler.next();
            for (int n = 0; n < batch.size(); n++) {
                String t = matchingTransform(image(data, batch.labels()[n]), image(batch, n), maxShift, flip);
                assertNotNull(t, "image " + n + " of batch " + b + " is no shift within " + maxShift + " pixels"
                        + (flip ? " or mirror" : "") + " of its source");
                seen.add(t);
            }
        }
        return seen;
    }

    @Test
    void invalidAugmentationIsRejectedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Augmentation(-1, true, 0)).getMessage().contains("shift"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Augmentation(2, true, 1.5)).getMessage().contains("erase"));
        assertFalse(Augmentation.STANDARD.withEraseProbability(0).eraseProbability() > 0);
    }
}
