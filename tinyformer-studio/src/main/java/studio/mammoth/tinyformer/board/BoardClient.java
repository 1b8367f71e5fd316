package studio.mammoth.tinyformer.board;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import studio.mammoth.tinyformer.compile.BlobFormat;

/**
 * Request / reply over a {@link BoardLink}: every request gets a fresh sequence number, replies with
 * another number are stale and skipped, a damaged reply or a board's "frame CRC mismatch" triggers a
 * resend, silence triggers a resend after the timeout. All requests are safe to resend (the board
 * acknowledges a chunk it already stored) except activation, which {@link Deployer} confirms through INFO.
 */
public final class BoardClient implements AutoCloseable {
    public static final int DEFAULT_TIMEOUT_MILLIS = 2_000;
    private static final int ATTEMPTS = 4;

    private final BoardLink link;
    private final FrameDecoder decoder = new FrameDecoder();
    private final byte[] readBuffer = new byte[4096];
    private int seq;
    private long resends;

    public BoardClient(BoardLink link) {
        this.link = link;
    }

    public BoardLink link() {
        return link;
    }

    /** Requests sent again after a damaged frame or a timeout, since this client was created. */
    public synchronized long resends() {
        return resends;
    }

    /**
     * One request and its reply, a whole exchange at a time: the Studio's jobs share an emulated board's client (an
     * info read beside a flash), and unsynchronised their sequence numbers and replies crossed (timeouts, or the flash
     * reading the info taken before its activation).
     */
    public synchronized Frame request(int type, byte[] payload, int timeoutMillis) throws BoardException {
        BoardException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (attempt > 0) {
                resends++;
            }
            seq = (seq + 1) & 0xFF;
            Frame sent = Frame.of(type, seq, payload);
            try {
                link.write(sent.encode());
                Optional<Frame> reply = awaitReply(seq, timeoutMillis);
                if (reply.isEmpty()) {
                    last = new BoardException(BoardException.Kind.TIMEOUT, "no reply from " + link.path() + " within "
                            + timeoutMillis + " ms: is SparseEngine running on this port?");
                    continue;
                }
                Frame f = reply.get();
                if (f.type() == Protocol.ERROR) {
                    ByteBuffer r = f.reader();
                    r.get();
                    Protocol.ErrorCode code = Protocol.ErrorCode.of(Short.toUnsignedInt(r.getShort()));
                    long detail = Integer.toUnsignedLong(r.getInt());
                    String message = BoardInfo.string(r);
                    if (code == Protocol.ErrorCode.FRAME_CRC || code == Protocol.ErrorCode.FRAME_LENGTH) {
                        last = new BoardException(BoardException.Kind.TIMEOUT, code, detail, "the board kept receiving damaged frames", null);
                        continue;
                    }
                    if (code == Protocol.ErrorCode.BLOB_INVALID && detail == Protocol.BLOB_BAD_VERSION) {
                        throw new BoardException(BoardException.Kind.WRONG_FIRMWARE, code, detail, "the board's SparseEngine "
                                + "does not read blob format " + BlobFormat.VERSION + ": flash the firmware this Studio ships", null);
                    }
                    throw new BoardException(code == Protocol.ErrorCode.NO_SPACE || code == Protocol.ErrorCode.ARENA
                            ? BoardException.Kind.OUT_OF_SPACE : BoardException.Kind.REJECTED, code, detail, message + " (detail " + detail + ")", null);
                }
                if (f.type() != (type | Protocol.REPLY_FLAG)) {
                    throw new BoardException(BoardException.Kind.WRONG_FIRMWARE, "reply of type 0x" + Integer.toHexString(f.type())
                            + " to request 0x" + Integer.toHexString(type) + ": firmware and host disagree on the protocol");
                }
                return f;
            } catch (IOException e) {
                throw new BoardException(BoardException.Kind.IO, e.getMessage(), e);
            }
        }
        throw last;
    }

    /** Reads until a valid frame with this seq arrives, a damaged one arrives (resend) or time runs out. */
    private Optional<Frame> awaitReply(int expectedSeq, int timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return Optional.empty();
            }
            int n = link.read(readBuffer, (int) Math.min(left, 200));
            for (int i = 0; i < n; i++) {
                Optional<Frame> f = decoder.push(readBuffer[i]);
                if (f.isPresent()) {
                    if (!f.get().crcValid()) {
                        return Optional.empty(); /* damaged reply: resend the request */
                    }
                    if (f.get().seq() == expectedSeq) {
                        return f;
                    }
                }
            }
        }
    }

    /** Pings, resending until a reply arrives: bytes sent before the board (or pty) was ready are lost. */
    public PingReply ping(int timeoutMillis) throws BoardException {
        Frame f = request(Protocol.PING, new byte[0], timeoutMillis);
        ByteBuffer r = f.reader();
        if (f.payload().length < 6 || r.getInt() != Protocol.PING_MAGIC) {
            throw new BoardException(BoardException.Kind.WRONG_FIRMWARE, link.path() + " answers, but not as SparseEngine: flash the SparseEngine firmware");
        }
        int protocol = Short.toUnsignedInt(r.getShort());
        PingReply reply = new PingReply(protocol, BoardInfo.string(r), BoardInfo.string(r));
        if (protocol != Protocol.VERSION) {
            throw new BoardException(BoardException.Kind.WRONG_FIRMWARE, link.path() + " runs " + reply.firmware() + " with protocol "
                    + protocol + ", this studio speaks " + Protocol.VERSION + ": update the firmware");
        }
        return reply;
    }

    public BoardInfo info() throws BoardException {
        return BoardInfo.parse(request(Protocol.INFO, new byte[0], DEFAULT_TIMEOUT_MILLIS).reader());
    }

    public BoardInfo.LoadStatus loadBegin(long total, long crc) throws BoardException {
        byte[] p = le(8).putInt((int) total).putInt((int) crc).array();
        return BoardInfo.LoadStatus.parse(request(Protocol.LOAD_BEGIN, p, 10_000).reader());
    }

    public BoardInfo.LoadStatus loadChunk(long offset, byte[] data, int from, int length) throws BoardException {
        byte[] p = le(4 + length).putInt((int) offset).put(data, from, length).array();
        return BoardInfo.LoadStatus.parse(request(Protocol.LOAD_CHUNK, p, DEFAULT_TIMEOUT_MILLIS).reader());
    }

    public BoardInfo.LoadStatus loadStatus() throws BoardException {
        return BoardInfo.LoadStatus.parse(request(Protocol.LOAD_STATUS, new byte[0], DEFAULT_TIMEOUT_MILLIS).reader());
    }

    /** Board-side CRC of the staged upload (the board also validated the blob). */
    public long verify() throws BoardException {
        return Integer.toUnsignedLong(request(Protocol.VERIFY, new byte[0], 30_000).reader().getInt());
    }

    /** Switches to the verified upload; returns the now active slot. */
    public int activate() throws BoardException {
        return request(Protocol.ACTIVATE, new byte[0], 30_000).reader().get() & 0xFF;
    }

    public Inference infer(byte[] input, int timeoutMillis) throws BoardException {
        ByteBuffer r = request(Protocol.INFER, input, timeoutMillis).reader();
        long units = r.getLong();
        byte[] output = new byte[Short.toUnsignedInt(r.getShort())];
        r.get(output);
        return new Inference(units, output);
    }

    /** Per-layer costs of the last inference (paged over as many frames as needed). */
    public List<LayerCost> profile() throws BoardException {
        List<LayerCost> layers = new ArrayList<>();
        int total;
        do {
            ByteBuffer r = request(Protocol.PROFILE, le(2).putShort((short) layers.size()).array(), DEFAULT_TIMEOUT_MILLIS).reader();
            total = Short.toUnsignedInt(r.getShort());
            r.getShort();
            int n = Short.toUnsignedInt(r.getShort());
            for (int i = 0; i < n; i++) {
                layers.add(new LayerCost(layers.size(), r.get() & 0xFF, r.get() != 0, Integer.toUnsignedLong(r.getInt())));
            }
            if (n == 0) {
                break;
            }
        } while (layers.size() < total);
        return layers;
    }

    public KernelBench.Result bench(KernelBench.Shape shape, int densityPermille, int seed, int timeoutMillis) throws BoardException {
        ByteBuffer r = request(Protocol.BENCH, shape.encode(densityPermille, seed), timeoutMillis).reader();
        return new KernelBench.Result(shape, densityPermille, r.getLong(), r.getLong(), Integer.toUnsignedLong(r.getInt()),
                Integer.toUnsignedLong(r.getInt()), Integer.toUnsignedLong(r.getInt()), r.get() != 0);
    }

    static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void close() {
        link.close();
    }

    public record PingReply(int protocol, String firmware, String board) {
    }

    /** One inference: its cost in the board's timer unit and the output tensor (int8 logits). */
    public record Inference(long units, byte[] output) {
    }

    /** One layer of the last inference: op code (BLOB_FORMAT.md §5), sparse kernel or not, cost. */
    public record LayerCost(int index, int op, boolean sparse, long units) {
        public String opName() {
            String[] names = {"?", "conv2d", "depthwise", "fully_connected", "add", "avg_pool", "layer_norm", "attn_scores",
                "softmax", "attn_context", "gelu"};
            return op < names.length ? names[op] : "op" + op;
        }
    }
}
