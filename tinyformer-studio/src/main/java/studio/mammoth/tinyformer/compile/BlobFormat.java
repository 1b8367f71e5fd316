package studio.mammoth.tinyformer.compile;

/** Constants of the blob format, docs/tinyformer/BLOB_FORMAT.md. */
public final class BlobFormat {

    /** "TFMB" as a little-endian u32. */
    public static final int MAGIC = 'T' | 'F' << 8 | 'M' << 16 | 'B' << 24;
    public static final int VERSION = 2;
    public static final int HEADER_SIZE = 64;
    public static final int TENSOR_RECORD_SIZE = 24;
    public static final int LAYER_RECORD_SIZE = 64;
    /** The CRC32 covers bytes [CRC_START, total_size). */
    public static final int CRC_START = 16;
    public static final int MAX_TENSORS = 1024;
    public static final int MAX_LAYERS = 1024;
    public static final int NO_TENSOR = 0xFFFF;
    public static final int FLAG_SPARSE = 1;

    private BlobFormat() {
    }

    static int tensorTableOffset() {
        return HEADER_SIZE;
    }

    static int layerTableOffset(int tensors) {
        return HEADER_SIZE + TENSOR_RECORD_SIZE * tensors;
    }

    static int dataOffset(int tensors, int layers) {
        return layerTableOffset(tensors) + LAYER_RECORD_SIZE * layers;
    }
}
