package studio.mammoth.tinyformer.board;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private static List<Frame> decode(byte[] bytes) {
        FrameDecoder d = new FrameDecoder();
        List<Frame> frames = new ArrayList<>();
        for (byte b : bytes) {
            d.push(b).ifPresent(frames::add);
        }
        return frames;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Test
    void roundTripsAFrameAfterGarbage() {
        byte[] payload = {1, 2, 3, (byte) 0xA5, 0x5A, 9};
        byte[] wire = concat(new byte[] {0x00, (byte) 0xA5, 0x13, (byte) 0xA5}, Frame.of(0x11, 42, payload).encode());
        List<Frame> frames = decode(wire);
        assertEquals(1, frames.size());
        Frame f = frames.get(0);
        assertTrue(f.crcValid());
        assertEquals(0x11, f.type());
        assertEquals(42, f.seq());
        assertArrayEquals(payload, f.payload());
    }

    @Test
    void matchesTheFirmwareCrcOfAPing() {
        // Bytes of a PING (seq 7) as produced by firmware/src/frame.c for the same fields: CRC-32 of 01 07 00 00.
        byte[] wire = Frame.of(Protocol.PING, 7, new byte[0]).encode();
        assertArrayEquals(new byte[] {(byte) 0xA5, 0x5A, 0x01, 0x07, 0x00, 0x00}, java.util.Arrays.copyOf(wire, 6));
        assertEquals(Frame.crc(new byte[] {1, 7, 0, 0}, 0, 4), java.nio.ByteBuffer.wrap(wire, 6, 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL);
    }

    @Test
    void flagsADamagedFrameAndRecoversForTheNext() {
        byte[] damaged = Frame.of(0x20, 1, new byte[] {5, 6, 7}).encode();
        damaged[7] ^= 0x40;
        List<Frame> frames = decode(concat(damaged, Frame.of(0x20, 2, new byte[] {5, 6, 7}).encode()));
        assertEquals(2, frames.size());
        assertFalse(frames.get(0).crcValid());
        assertTrue(frames.get(1).crcValid());
        assertEquals(2, frames.get(1).seq());
    }

    @Test
    void skipsAnImpossibleLengthAndResynchronises() {
        byte[] bogus = {(byte) 0xA5, 0x5A, 0x01, 0x01, (byte) 0xFF, (byte) 0x7F};
        List<Frame> frames = decode(concat(bogus, Frame.of(Protocol.INFO, 3, new byte[0]).encode()));
        assertEquals(1, frames.size());
        assertEquals(Protocol.INFO, frames.get(0).type());
    }
}
