package studio.mammoth.tinyformer.train;

import ai.djl.ndarray.NDArray;

/** The classification loss and its bookkeeping. */
public final class Losses {
    private Losses() {
    }

    /**
     * Cross-entropy with label smoothing: -(1 - eps) log p[y] - eps * mean_c log p[c], averaged over the batch.
     *
     * @param logits N x classes
     * @param labels N class indices
     */
    public static NDArray smoothedCrossEntropy(NDArray logits, NDArray labels, float eps) {
        int classes = (int) logits.getShape().get(1);
        NDArray logp = logits.logSoftmax(1);
        NDArray target = labels.oneHot(classes).mul(1 - eps).add(eps / classes);
        return logp.mul(target).sum(new int[] {1}).neg().mean();
    }

    /** How many rows of N x classes logits have their arg-max at the label. */
    public static int correct(NDArray logits, int[] labels) {
        long[] predicted = logits.argMax(1).toLongArray();
        int ok = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                ok++;
            }
        }
        return ok;
    }
}
