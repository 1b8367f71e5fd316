package studio.mammoth.model.judge;

import java.util.BitSet;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.model.world.WardrobeColor;
import studio.mammoth.model.world.WardrobeWorld;

/**
 * Chooses the exemplars the wardrobe world draws, so that the judge's verdict on a ground-truth render can be trusted
 * (the oracle must score at least 0.95, and counting needs confidence above 0.9).
 * <p>
 * The rule: an exemplar is kept when, rendered alone at the smallest, a middle and the largest garment size
 * (18, 25 and 32 px; red on white), it segments into exactly one object and the classifier gives its true class a
 * probability of at least {@link #MIN_CONFIDENCE} every time. Fashion-MNIST's shirts, t-shirts, pullovers and coats
 * are often ambiguous even to people; this drops the ambiguous ones from the world (the fraction kept per class is
 * reported by the training command and in the model card) rather than loosening the judge.
 */
public final class ExemplarCuration {
    public static final double MIN_CONFIDENCE = 0.95;
    static final int[] PROBE_SIZES = {WardrobeWorld.MIN_SIZE, 25, 32};

    /** How many exemplars of each class were kept, of how many. */
    public record Kept(int[] kept, int[] total) {
        public double fraction(int c) {
            return total[c] == 0 ? 0 : (double) kept[c] / total[c];
        }
    }

    private ExemplarCuration() {
    }

    /** Sets bit i of {@code keep} for every exemplar of the world's split that passes the rule. */
    public static Kept curate(GarmentClassifier classifier, WardrobeWorld world, BitSet keep, TaskContext context) {
        int n = world.split().size();
        int crop = GarmentCrop.SIDE * GarmentCrop.SIDE;
        int batch = 256;
        int probes = PROBE_SIZES.length;
        float[] x = new float[batch * probes * crop];
        boolean[] oneObject = new boolean[batch * probes];
        int[] kept = new int[GarmentClassifier.CLASSES], total = new int[GarmentClassifier.CLASSES];
        for (int from = 0; from < n; from += batch) {
            context.throwIfCancelled();
            int size = Math.min(batch, n - from);
            for (int k = 0; k < size; k++) {
                for (int j = 0; j < probes; j++) {
                    int slot = k * probes + j;
                    var scene = world.single(from + k, WardrobeColor.RED, WardrobeColor.WHITE, PROBE_SIZES[j]);
                    oneObject[slot] = Judge.encodeLargest(world.render(scene), x, slot * crop) == 1;
                }
            }
            float[][] p = classifier.classify(java.util.Arrays.copyOf(x, size * probes * crop), size * probes);
            for (int k = 0; k < size; k++) {
                int label = world.split().label(from + k);
                boolean ok = true;
                for (int j = 0; j < probes; j++) {
                    ok &= oneObject[k * probes + j] && p[k * probes + j][label] >= MIN_CONFIDENCE;
                }
                total[label]++;
                if (ok) {
                    kept[label]++;
                    keep.set(from + k);
                }
            }
            context.report((double) (from + size) / n, "curating", "exemplars " + (from + size) + "/" + n);
        }
        return new Kept(kept, total);
    }
}
