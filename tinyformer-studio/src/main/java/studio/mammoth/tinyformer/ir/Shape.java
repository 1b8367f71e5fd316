package studio.mammoth.tinyformer.ir;

/**
 * Shape of an activation tensor, stored HWC (channels innermost). A token sequence [T][D] is the same bytes
 * as a tensor (h, w, D) with T = h * w, so token operators read any shape as {@link #rows()} rows of {@link #c()}.
 */
public record Shape(int h, int w, int c) {

    public Shape {
        if (h < 1 || w < 1 || c < 1 || h > 65535 || w > 65535 || c > 65535) {
            throw new IllegalArgumentException("tensor dimensions must be in [1, 65535], got " + h + "x" + w + "x" + c);
        }
    }

    /** Number of elements (= bytes of the int8 tensor). */
    public int size() {
        long n = (long) h * w * c;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor too large: " + this);
        }
        return (int) n;
    }

    /** Rows when read as tokens: h * w. */
    public int rows() {
        return h * w;
    }

    @Override
    public String toString() {
        return h + "x" + w + "x" + c;
    }
}
