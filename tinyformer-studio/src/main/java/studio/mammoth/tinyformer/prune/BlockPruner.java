package studio.mammoth.tinyformer.prune;

/**
 * Blockwise magnitude pruning: a weight [out, in] (1 x 1 convolutions viewed as [out, in]) is cut into 1 x B blocks
 * along the input; the blocks with the smallest L2 norm are zeroed until the asked fraction of blocks is gone.
 * Works on plain arrays so the same rule serves training masks, search scoring and tests.
 */
public final class BlockPruner {
    private BlockPruner() {
    }

    /**
     * Keep-mask (1 = kept, 0 = pruned) for a row-major [out, in] weight.
     *
     * @return mask with exactly round(sparsity * blocks) blocks zeroed (ties broken by position, lowest first)
     */
    public static float[] mask(float[] weight, int out, int in, LayerSparsity target) {
        if (weight.length != out * in) {
            throw new IllegalArgumentException("weight has " + weight.length + " values, expected " + out + " x " + in);
        }
        int block = target.blockFor(in);
        int perRow = in / block;
        int blocks = out * perRow;
        double[] norm = new double[blocks];
        for (int r = 0; r < out; r++) {
            for (int k = 0; k < perRow; k++) {
                double s = 0;
                for (int j = 0; j < block; j++) {
                    float w = weight[r * in + k * block + j];
                    s += (double) w * w;
                }
                norm[r * perRow + k] = s;
            }
        }
        Integer[] order = new Integer[blocks];
        for (int i = 0; i < blocks; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> norm[a] != norm[b] ? Double.compare(norm[a], norm[b]) : Integer.compare(a, b));
        int pruned = (int) Math.round(target.sparsity() * blocks);
        float[] mask = new float[weight.length];
        java.util.Arrays.fill(mask, 1f);
        for (int i = 0; i < pruned; i++) {
            int b = order[i];
            int r = b / perRow;
            int k = b % perRow;
            java.util.Arrays.fill(mask, r * in + k * block, r * in + (k + 1) * block, 0f);
        }
        return mask;
    }

    /**
     * Gradual magnitude pruning (Zhu and Gupta 2017): sparsity rises as final * (1 - (1 - progress)^3), fast at first
     * while the network can still recover, slowly near the end.
     */
    public static double gradual(double finalSparsity, long step, long start, long end) {
        if (step <= start) {
            return 0;
        }
        if (step >= end) {
            return finalSparsity;
        }
        double p = (double) (step - start) / (end - start);
        return finalSparsity * (1 - Math.pow(1 - p, 3));
    }

    /** Fraction of zeros in a mask. */
    public static double sparsityOf(float[] mask) {
        int zeros = 0;
        for (float m : mask) {
            if (m == 0f) {
                zeros++;
            }
        }
        return mask.length == 0 ? 0 : (double) zeros / mask.length;
    }
}
