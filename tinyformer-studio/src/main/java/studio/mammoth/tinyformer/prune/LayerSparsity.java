package studio.mammoth.tinyformer.prune;

/**
 * Target of one prunable layer: the fraction of its weight blocks set to zero and the block length.
 * A block is {@code blockSize} consecutive input weights of one output row (1 x B), the unit the blockwise
 * run-length format stores or skips.
 */
public record LayerSparsity(double sparsity, int blockSize) {
    public static final double[] SPARSITIES = {0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95};
    public static final int[] BLOCK_SIZES = {4, 8, 16};

    public LayerSparsity {
        if (sparsity < 0 || sparsity >= 1) {
            throw new IllegalArgumentException("sparsity must be in [0, 1), got " + sparsity);
        }
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size must be positive, got " + blockSize);
        }
    }

    /** The next of {@link #SPARSITIES} above this one with the same block size, or this one when it is the highest. */
    public LayerSparsity raised() {
        for (double next : SPARSITIES) {
            if (next > sparsity) {
                return new LayerSparsity(next, blockSize);
            }
        }
        return this;
    }

    /** The block length actually used for a layer with {@code in} inputs: the asked one if it divides in, else the largest smaller divisor from the choices. */
    public int blockFor(int in) {
        int best = 1;
        for (int b : BLOCK_SIZES) {
            if (b <= blockSize && in % b == 0) {
                best = Math.max(best, b);
            }
        }
        return best;
    }
}
