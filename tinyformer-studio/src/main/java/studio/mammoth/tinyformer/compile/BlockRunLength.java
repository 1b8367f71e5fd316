package studio.mammoth.tinyformer.compile;

import java.io.ByteArrayOutputStream;
import studio.mammoth.tinyformer.ir.Int8Weights;

/**
 * The blockwise run-length sparse weight format (docs/tinyformer/BLOB_FORMAT.md section 7.2): per row, the kept
 * blocks of B weights, each with the number of all-zero blocks skipped before it (u8; longer runs use filler blocks
 * of B zeros with skip 255). Stored as three arrays: u16 counts[R] | u8 skips[K] | i8 values[K][B], the first two
 * padded with zeros to 4 bytes.
 */
public final class BlockRunLength {

    /** Largest run an 8-bit skip can express. */
    public static final int MAX_SKIP = 255;

    private BlockRunLength() {
    }

    /** The encoded bytes of a sparse weight matrix. */
    public static byte[] encode(Int8Weights w) {
        int b = requireSparse(w);
        int rows = w.rows();
        int blocksPerRow = w.rowLength() / b;
        int[] counts = new int[rows];
        ByteArrayOutputStream skips = new ByteArrayOutputStream();
        ByteArrayOutputStream values = new ByteArrayOutputStream();
        byte[] v = w.values();
        byte[] zeros = new byte[b];
        for (int r = 0; r < rows; r++) {
            int rowOff = r * w.rowLength();
            int run = 0;
            for (int blk = 0; blk < blocksPerRow; blk++) {
                if (isZero(v, rowOff + blk * b, b)) {
                    run++;
                    continue;
                }
                while (run > MAX_SKIP) { // filler: a zero block after 255 skipped ones advances 256 positions
                    skips.write(MAX_SKIP);
                    values.write(zeros, 0, b);
                    counts[r]++;
                    run -= MAX_SKIP + 1;
                }
                skips.write(run);
                values.write(v, rowOff + blk * b, b);
                counts[r]++;
                run = 0;
            }
        }
        int kept = skips.size();
        byte[] out = new byte[encodedSize(rows, kept, b)];
        for (int r = 0; r < rows; r++) {
            out[2 * r] = (byte) counts[r];
            out[2 * r + 1] = (byte) (counts[r] >>> 8);
        }
        int skipOff = align4(2 * rows);
        System.arraycopy(skips.toByteArray(), 0, out, skipOff, kept);
        System.arraycopy(values.toByteArray(), 0, out, skipOff + align4(kept), kept * b);
        return out;
    }

    /** Number of stored blocks (kept blocks plus fillers) the encoding of {@code w} has. */
    public static int storedBlocks(Int8Weights w) {
        int b = requireSparse(w);
        int blocksPerRow = w.rowLength() / b;
        int stored = 0;
        for (int r = 0; r < w.rows(); r++) {
            int run = 0;
            for (int blk = 0; blk < blocksPerRow; blk++) {
                if (isZero(w.values(), r * w.rowLength() + blk * b, b)) {
                    run++;
                } else {
                    stored += 1 + run / (MAX_SKIP + 1);
                    run = 0;
                }
            }
        }
        return stored;
    }

    /** Byte size of the encoding of R rows with K stored blocks of B weights. */
    public static int encodedSize(int rows, int storedBlocks, int blockSize) {
        return align4(2 * rows) + align4(storedBlocks) + storedBlocks * blockSize;
    }

    /**
     * Decodes and validates an encoding into the dense weight matrix.
     *
     * @throws IllegalArgumentException with the reason when the bytes break a rule of the format
     */
    public static Int8Weights decode(byte[] blob, int offset, int size, int rows, int rowLength, int blockSize) {
        if (rowLength % blockSize != 0) {
            throw new IllegalArgumentException("row length " + rowLength + " not a multiple of block size " + blockSize);
        }
        int blocksPerRow = rowLength / blockSize;
        if (blocksPerRow > 65535) {
            throw new IllegalArgumentException("more than 65535 blocks per row");
        }
        int countsBytes = align4(2 * rows);
        if (size < countsBytes) {
            throw new IllegalArgumentException("weights_size " + size + " smaller than the counts array " + countsBytes);
        }
        long kept = 0;
        for (int r = 0; r < rows; r++) {
            int count = u16(blob, offset + 2 * r);
            if (count > blocksPerRow) {
                throw new IllegalArgumentException("row " + r + " keeps " + count + " blocks of " + blocksPerRow);
            }
            kept += count;
        }
        if (encodedSize(rows, (int) kept, blockSize) != size) {
            throw new IllegalArgumentException("weights_size " + size + " does not match " + kept
                    + " stored blocks (expected " + encodedSize(rows, (int) kept, blockSize) + ")");
        }
        requireZero(blob, offset + 2 * rows, countsBytes - 2 * rows, "counts padding");
        int skipOff = offset + countsBytes;
        requireZero(blob, skipOff + (int) kept, align4((int) kept) - (int) kept, "skips padding");
        int valueOff = skipOff + align4((int) kept);
        byte[] dense = new byte[rows * rowLength];
        int k = 0;
        for (int r = 0; r < rows; r++) {
            int count = u16(blob, offset + 2 * r);
            int pos = -1;
            for (int n = 0; n < count; n++, k++) {
                pos += 1 + (blob[skipOff + k] & 0xFF);
                if (pos >= blocksPerRow) {
                    throw new IllegalArgumentException("row " + r + ": block position " + pos + " beyond the row's "
                            + blocksPerRow + " blocks");
                }
                for (int i = 0; i < blockSize; i++) {
                    byte value = blob[valueOff + k * blockSize + i];
                    if (value == Byte.MIN_VALUE) {
                        throw new IllegalArgumentException("row " + r + ": weight -128 is not allowed");
                    }
                    dense[r * rowLength + pos * blockSize + i] = value;
                }
            }
        }
        return new Int8Weights(rows, rowLength, dense, blockSize);
    }

    static int align4(int n) {
        return (n + 3) & ~3;
    }

    private static int requireSparse(Int8Weights w) {
        if (!w.sparse()) {
            throw new IllegalArgumentException("weights are dense (block size 0)");
        }
        return w.blockSize();
    }

    private static boolean isZero(byte[] v, int off, int len) {
        for (int i = 0; i < len; i++) {
            if (v[off + i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    private static void requireZero(byte[] b, int off, int len, String what) {
        for (int i = 0; i < len; i++) {
            if (b[off + i] != 0) {
                throw new IllegalArgumentException(what + " is not zero");
            }
        }
    }
}
