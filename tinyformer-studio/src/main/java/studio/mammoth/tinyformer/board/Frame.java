package studio.mammoth.tinyformer.board;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

/** One protocol frame (see {@link Protocol}); {@code crcValid} is false for a frame that arrived whole but damaged. */
public record Frame(int type, int seq, byte[] payload, boolean crcValid) {

    public Frame {
        if (payload.length > Protocol.MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes exceeds " + Protocol.MAX_PAYLOAD);
        }
    }

    public static Frame of(int type, int seq, byte[] payload) {
        return new Frame(type & 0xFF, seq & 0xFF, payload, true);
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(Protocol.HEADER_BYTES + payload.length + Protocol.CRC_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) Protocol.SYNC0).put((byte) Protocol.SYNC1).put((byte) type).put((byte) seq).putShort((short) payload.length).put(payload);
        b.putInt((int) crc(b.array(), 2, 4 + payload.length));
        return b.array();
    }

    static long crc(byte[] data, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(data, offset, length);
        return crc.getValue();
    }

    /** A little-endian reader of this frame's payload. */
    public ByteBuffer reader() {
        return ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
    }
}
