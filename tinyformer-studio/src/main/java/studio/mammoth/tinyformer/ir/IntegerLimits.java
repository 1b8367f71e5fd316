package studio.mammoth.tinyformer.ir;

/**
 * Bounds of docs/tinyformer/INTEGER_SEMANTICS.md that keep every int32 sum exact; the quantiser produces values
 * inside them and the blob parser rejects values outside.
 */
public final class IntegerLimits {
    /** Inputs per output (conv kh*kw*Cin, fully connected Din). */
    public static final int MAX_ROW_LENGTH = 32768;
    public static final int MAX_BIAS = 1 << 30;
    /** LayerNorm gamma magnitude (int16 range without -32768). */
    public static final int MAX_GAMMA = 32767;
    public static final int MAX_BETA = 1 << 29;
    public static final int MAX_TOKENS = 16384;
    public static final int MAX_HEAD_WIDTH = 16384;
    public static final int MIN_NORM_WIDTH = 2;
    public static final int MAX_NORM_WIDTH = 1024;
    /** Entries of the softmax exp table and the GELU table. */
    public static final int TABLE_ENTRIES = 256;
    /** exp(0) in the softmax table: 1.0 as Q15. */
    public static final int EXP_ONE = 32768;

    private IntegerLimits() {
    }
}
