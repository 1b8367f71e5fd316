package studio.mammoth.model.ar;

import java.util.Arrays;
import java.util.Random;

/** Sampling from the k largest logits (k = 0: all), softmax-normalised. */
final class TopK {
    private TopK() {
    }

    static int draw(double[] logits, int k, Random random) {
        double threshold = Double.NEGATIVE_INFINITY;
        if (k > 0 && k < logits.length) {
            double[] sorted = logits.clone();
            Arrays.sort(sorted);
            threshold = sorted[sorted.length - k];
        }
        double max = Arrays.stream(logits).max().orElse(0);
        double[] weights = new double[logits.length];
        double total = 0;
        for (int i = 0; i < logits.length; i++) {
            weights[i] = logits[i] >= threshold ? Math.exp(logits[i] - max) : 0;
            total += weights[i];
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u <= 0 && weights[i] > 0) {
                return i;
            }
        }
        for (int i = weights.length - 1; i >= 0; i--) {
            if (weights[i] > 0) {
                return i;
            }
        }
        return 0;
    }
}
