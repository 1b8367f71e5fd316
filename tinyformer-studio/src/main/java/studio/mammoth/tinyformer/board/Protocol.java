package studio.mammoth.tinyformer.board;

/**
 * The SparseEngine serial protocol, mirrored from firmware/src/protocol.h (keep both in step).
 *
 * <p>Frame: {@code A5 5A | type u8 | seq u8 | length u16 | payload | crc32 u32}, little-endian; the
 * CRC-32 (java.util.zip.CRC32) covers type, seq, length and payload. A reply carries the request's
 * seq and {@code type | 0x80}, or {@link #ERROR}.
 */
public final class Protocol {
    private Protocol() {
    }

    public static final int VERSION = 1;
    public static final int PING_MAGIC = 0x4E455053; // "SPEN"
    public static final int SYNC0 = 0xA5;
    public static final int SYNC1 = 0x5A;
    public static final int HEADER_BYTES = 6;
    public static final int CRC_BYTES = 4;
    public static final int MAX_PAYLOAD = 2048;
    public static final int LOAD_CHUNK_MAX = MAX_PAYLOAD - 4;

    public static final int PING = 0x01;
    public static final int INFO = 0x02;
    public static final int LOAD_BEGIN = 0x10;
    public static final int LOAD_CHUNK = 0x11;
    public static final int LOAD_STATUS = 0x12;
    public static final int VERIFY = 0x13;
    public static final int ACTIVATE = 0x14;
    public static final int INFER = 0x20;
    public static final int PROFILE = 0x21;
    public static final int BENCH = 0x30;
    public static final int REPLY_FLAG = 0x80;
    public static final int ERROR = 0xFF;

    /** Error codes of an {@link #ERROR} reply. */
    public enum ErrorCode {
        FRAME_CRC(1, "the frame's CRC did not match"),
        FRAME_LENGTH(2, "frame length above the maximum"),
        UNKNOWN_TYPE(3, "unknown message type"),
        BAD_PAYLOAD(4, "payload size or a field out of range"),
        NO_SPACE(5, "model larger than the board's slot"),
        OFFSET(6, "chunk offset is not the next expected one"),
        NOT_STAGED(7, "no complete upload staged"),
        VERIFY_CRC(8, "staged bytes do not match the announced CRC"),
        BLOB_INVALID(9, "blob rejected by the board's validator"),
        NOT_VERIFIED(10, "activate needs a verified upload"),
        NO_MODEL(11, "no active model on the board"),
        INPUT_SIZE(12, "input size differs from the model's"),
        ARENA(13, "the model's activations do not fit the board's SRAM arena"),
        STORE_IO(14, "the board's store write failed"),
        RUNTIME(15, "inference stopped on an inconsistent layer"),
        UNKNOWN(0, "unknown error");

        public final int code;
        public final String meaning;

        ErrorCode(int code, String meaning) {
            this.code = code;
            this.meaning = meaning;
        }

        public static ErrorCode of(int code) {
            for (ErrorCode e : values()) {
                if (e.code == code) {
                    return e;
                }
            }
            return UNKNOWN;
        }
    }

    /** The validator status of a blob whose format version the firmware does not read (firmware/src/blob.h). */
    public static final long BLOB_BAD_VERSION = 3;

    /** Blob validator statuses of firmware/src/blob.h, reported as the detail of {@link ErrorCode#BLOB_INVALID}. */
    public static String blobStatus(long status) {
        String[] names = {"ok", "too short", "bad magic", "unsupported version", "bad header", "CRC mismatch",
            "bad input/output tensors", "bad tensor", "tensor outside the arena", "bad graph", "unknown op or flags",
            "non-zero unused field", "bad shape", "multiplier or shift out of range", "bad weights region",
            "bad parameters", "bad sparse encoding", "layer output overlaps an input", "beyond this board's kernel buffers"};
        return status >= 0 && status < names.length ? names[(int) status] : "status " + status;
    }
}
