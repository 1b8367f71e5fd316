package studio.mammoth.tinyformer.ir;

/**
 * A quantised weight matrix: {@code rows} output channels of {@code rowLength} int8 values in [-127, 127], row-major,
 * and how the blob stores it: {@code blockSize} 0 = dense, 1/4/8/16 = block run-length (zero blocks skipped).
 */
public record Int8Weights(int rows, int rowLength, byte[] values, int blockSize) {

    public Int8Weights {
        if (rows < 1 || rowLength < 1 || (long) rows * rowLength != values.length) {
            throw new IllegalArgumentException("weights: " + rows + "x" + rowLength + " does not match " + values.length
                    + " values");
        }
        if (blockSize != 0 && blockSize != 1 && blockSize != 4 && blockSize != 8 && blockSize != 16) {
            throw new IllegalArgumentException("block size must be 0, 1, 4, 8 or 16, got " + blockSize);
        }
        if (blockSize > 0 && rowLength % blockSize != 0) {
            throw new IllegalArgumentException("row length " + rowLength + " not a multiple of block size " + blockSize);
        }
    }

    public boolean sparse() {
        return blockSize > 0;
    }

    public int get(int row, int k) {
        return values[row * rowLength + k];
    }

    /** Fraction of weights that are zero (the pruned fraction, plus weights that quantised to zero). */
    public long zeroCount() {
        long z = 0;
        for (byte v : values) {
            if (v == 0) {
                z++;
            }
        }
        return z;
    }
}
