package studio.mammoth.tinyformer.ir;

/** Operator codes of the blob (docs/tinyformer/BLOB_FORMAT.md section 5). */
public enum OpType {
    CONV2D(1), DEPTHWISE_CONV2D(2), FULLY_CONNECTED(3), ADD(4), AVG_POOL2D(5), LAYER_NORM(6), ATTN_SCORES(7),
    SOFTMAX(8), ATTN_CONTEXT(9), GELU(10);

    private final int code;

    OpType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The op with this blob code, or null when the code is unknown. */
    public static OpType ofCode(int code) {
        for (OpType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
