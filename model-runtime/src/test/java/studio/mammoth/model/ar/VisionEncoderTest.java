package studio.mammoth.model.ar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import studio.mammoth.model.ModelFixture;
import studio.mammoth.model.api.Generator;
import studio.mammoth.model.tok.MammothTok;

class VisionEncoderTest {
    /** A tiny generator that edits and answers, reading given pictures through a tiny vision encoder. */
    private static final Generator.Config READING_PIXELS = ModelFixture.tinyGenerator(MammothTok.Config.tiny())
            .with(Generator.Variant.SERIAL, true, true).withVision(VisionEncoder.Config.tiny());

    @Test
    void featuresLandOnThePicturesCodesAndNowhereElse() {
        try (NDManager m = ModelFixture.manager()) {
            // a 2x2 grid whose first code is at index 3: codes at 3, 4 (end of row at 5), 6, 7; one feature value per cell
            VisionEncoder.Features seen = new VisionEncoder.Features(m.create(new float[] {1, 2, 3, 4}, new Shape(1, 4, 1)), 3, 2);
            assertArrayEquals(new float[] {0, 0, 0, 1, 2, 0, 3, 4, 0, 0}, seen.placed(m, 0, 10).toFloatArray());
            assertArrayEquals(new float[] {0, 3}, seen.placed(m, 5, 2).toFloatArray(), "a window of a decoding step");
            assertNull(seen.placed(m, 8, 2), "no code in the window");
        }
    }

    @Test
    void theEncoderStartsSilentAndOnceTrainedTheAnswersReadThePixels() {
        try (NDManager m = ModelFixture.manager(); Generator g = new Generator(READING_PIXELS, m, 1)) {
            PlanLayout layout = g.layout();
            Random r = new Random(2);
            int[] codes = new int[layout.codes()];
            Arrays.setAll(codes, i -> r.nextInt(layout.codebook()));
            int[] sequence = layout.answerSequence(g.text().encode("a red bag"), codes, g.text().encode("red"));
            int t = sequence.length;
            int s = g.config().grid() * 8;
            float[] pixels = new float[3 * s * s];
            float[] others = new float[pixels.length];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) r.nextGaussian();
                others[i] = (float) r.nextGaussian();
            }
            float[] codesAlone = answerStates(g, m, sequence, null);
            assertArrayEquals(codesAlone, answerStates(g, m, sequence, g.see(m, pixels, 1, layout.firstCode())),
                    "the zero projection adds nothing: an AR that gains the encoder computes what it did");

            float[] projection = new float[(int) g.parameters().get("vision.out.weight").getShape().size()];
            for (int i = 0; i < projection.length; i++) {
                projection[i] = (float) (r.nextGaussian() * 0.5);
            }
            g.parameters().get("vision.out.weight").set(projection);
            float[] one = answerStates(g, m, sequence, g.see(m, pixels, 1, layout.firstCode()));
            float[] other = answerStates(g, m, sequence, g.see(m, others, 1, layout.firstCode()));
            int d = g.config().ar().width();
            int before = layout.firstCode() * d;
            assertArrayEquals(Arrays.copyOf(codesAlone, before), Arrays.copyOf(one, before), 1e-5f,
                    "positions before the picture's codes do not see its features");
            assertEquals(t * d, one.length);
            float gap = 0;
            for (int i = (t - 1) * d; i < t * d; i++) {
                gap = Math.max(gap, Math.abs(one[i] - other[i]));
            }
            assertTrue(gap > 1e-3, "the answer position reads the pixels, not only the codes: " + gap);
        }
    }

    @Test
    void aRowWithHiddenCodesReadsThePictureThroughItsFeaturesAlone() {
        try (NDManager m = ModelFixture.manager(); Generator g = new Generator(READING_PIXELS, m, 1)) {
            PlanLayout layout = g.layout();
            Random r = new Random(3);
            int[] question = g.text().encode("a red bag");
            int[] one = new int[layout.codes()];
            int[] other = new int[layout.codes()];
            Arrays.setAll(one, i -> r.nextInt(layout.codebook()));
            Arrays.setAll(other, i -> (one[i] + 1 + r.nextInt(layout.codebook() - 1)) % layout.codebook());
            int[] a = layout.answerSequence(question, one, new int[0]);
            int[] b = layout.answerSequence(question, other, new int[0]);
            int t = a.length;
            int[] batch = new int[2 * t]; // row 0 hides its codes, row 1 shows them
            System.arraycopy(a, 0, batch, 0, t);
            System.arraycopy(a, 0, batch, t, t);
            int[] changed = batch.clone();
            System.arraycopy(b, 0, changed, 0, t);
            System.arraycopy(b, 0, changed, t, t);
            int s = g.config().grid() * 8;
            float[] pixels = new float[2 * 3 * s * s];
            Arrays.fill(pixels, 0.25f);
            VisionEncoder.Features seen = g.see(m, pixels, 2, layout.firstCode()).hidingCodes(new boolean[] {true, false});
            float[] before = batchStates(g, m, batch, seen);
            float[] after = batchStates(g, m, changed, seen);
            int d = g.config().ar().width();
            int last = (t - 1) * d;
            assertArrayEquals(Arrays.copyOfRange(before, last, t * d), Arrays.copyOfRange(after, last, t * d), 1e-5f,
                    "with its codes hidden, the answer does not depend on them");
            float gap = 0;
            for (int i = t * d + last; i < 2 * t * d; i++) {
                gap = Math.max(gap, Math.abs(before[i] - after[i]));
            }
            assertTrue(gap > 1e-3, "the row that shows its codes reads them: " + gap);
        }
    }

    private static float[] batchStates(Generator g, NDManager m, int[] ids, VisionEncoder.Features seen) {
        try (NDManager scope = m.newSubManager()) {
            int t = ids.length / 2;
            return g.ar().forward(scope, ids, 2, 0, g.layout().answerPositions(0, t), new boolean[ids.length], null, seen).last().toFloatArray();
        }
    }

    private static float[] answerStates(Generator g, NDManager m, int[] sequence, VisionEncoder.Features seen) {
        try (NDManager scope = m.newSubManager()) {
            NDArray last = g.ar().forward(scope, sequence, 1, 0, g.layout().answerPositions(0, sequence.length), new boolean[sequence.length],
                    null, seen).last();
            return last.toFloatArray();
        }
    }
}
