package studio.mammoth.tinyformer.board;

/** A board operation that failed, with a kind the UI can act on and a message that says what to do. */
public final class BoardException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** No (valid) reply in time: wrong port, board not running, cable. */
        TIMEOUT,
        /** Something answers, but not SparseEngine of a compatible protocol version. */
        WRONG_FIRMWARE,
        /** The model needs more flash (slot) or SRAM (arena) than the board has. */
        OUT_OF_SPACE,
        /** The board refused a request (error reply). */
        REJECTED,
        /** The port or the emulator could not be opened / started. */
        IO
    }

    private final Kind kind;
    private final Protocol.ErrorCode code;
    private final long detail;

    public BoardException(Kind kind, String message) {
        this(kind, Protocol.ErrorCode.UNKNOWN, 0, message, null);
    }

    public BoardException(Kind kind, String message, Throwable cause) {
        this(kind, Protocol.ErrorCode.UNKNOWN, 0, message, cause);
    }

    public BoardException(Kind kind, Protocol.ErrorCode code, long detail, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.code = code;
        this.detail = detail;
    }

    public Kind kind() {
        return kind;
    }

    public Protocol.ErrorCode code() {
        return code;
    }

    public long detail() {
        return detail;
    }
}
