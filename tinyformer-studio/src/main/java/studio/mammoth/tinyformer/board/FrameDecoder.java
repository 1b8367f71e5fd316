package studio.mammoth.tinyformer.board;

import java.util.Optional;

/**
 * Byte-at-a-time frame parser, the host twin of firmware/src/frame.c: hunts for the sync word, so
 * garbage before a frame (boot noise, half a frame from before the host opened the port) is skipped.
 */
public final class FrameDecoder {
    private enum State { SYNC0, SYNC1, HEADER, PAYLOAD, CRC }

    private State state = State.SYNC0;
    private final byte[] header = new byte[4];
    private byte[] payload = new byte[0];
    private int received;
    private long crcField;

    /** Feeds one byte; returns a frame when this byte completed one (check {@link Frame#crcValid()}). */
    public Optional<Frame> push(byte value) {
        int b = value & 0xFF;
        switch (state) {
            case SYNC0 -> {
                if (b == Protocol.SYNC0) {
                    state = State.SYNC1;
                }
            }
            case SYNC1 -> {
                state = b == Protocol.SYNC1 ? State.HEADER : b == Protocol.SYNC0 ? State.SYNC1 : State.SYNC0;
                received = 0;
            }
            case HEADER -> {
                header[received++] = value;
                if (received == 4) {
                    int length = (header[2] & 0xFF) | (header[3] & 0xFF) << 8;
                    if (length > Protocol.MAX_PAYLOAD) {
                        state = State.SYNC0;
                        return Optional.empty();
                    }
                    payload = new byte[length];
                    received = 0;
                    crcField = 0;
                    state = length == 0 ? State.CRC : State.PAYLOAD;
                }
            }
            case PAYLOAD -> {
                payload[received++] = value;
                if (received == payload.length) {
                    received = 0;
                    crcField = 0;
                    state = State.CRC;
                }
            }
            case CRC -> {
                crcField |= (long) b << (8 * received);
                if (++received == 4) {
                    state = State.SYNC0;
                    byte[] covered = new byte[4 + payload.length];
                    System.arraycopy(header, 0, covered, 0, 4);
                    System.arraycopy(payload, 0, covered, 4, payload.length);
                    boolean valid = Frame.crc(covered, 0, covered.length) == crcField;
                    return Optional.of(new Frame(header[0] & 0xFF, header[1] & 0xFF, payload, valid));
                }
            }
        }
        return Optional.empty();
    }
}
