package studio.mammoth.tinyformer.reference;

import studio.mammoth.tinyformer.ir.Int8Weights;

/**
 * For each weight row, the start index of every block of {@code unit} weights that holds a non-zero weight. Kernels
 * iterate these instead of the full row: skipping all-zero blocks changes no bit of an exact int32 sum, and it makes
 * the reference interpreter as fast on sparse models as the board's sparse kernels are.
 */
final class KeptBlocks {
    final int unit;
    final int[][] starts;

    private KeptBlocks(int unit, int[][] starts) {
        this.unit = unit;
        this.starts = starts;
    }

    /** Blocks of {@code unit} weights; {@code unit} must divide the row length. */
    static KeptBlocks of(Int8Weights w, int unit) {
        int blocks = w.rowLength() / unit;
        int[][] starts = new int[w.rows()][];
        byte[] v = w.values();
        for (int r = 0; r < w.rows(); r++) {
            int[] tmp = new int[blocks];
            int n = 0;
            int rowOff = r * w.rowLength();
            for (int b = 0; b < blocks; b++) {
                for (int k = 0; k < unit; k++) {
                    if (v[rowOff + b * unit + k] != 0) {
                        tmp[n++] = b * unit;
                        break;
                    }
                }
            }
            starts[r] = java.util.Arrays.copyOf(tmp, n);
        }
        return new KeptBlocks(unit, starts);
    }
}
