package studio.mammoth.tinyformer.compile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import studio.mammoth.tinyformer.ir.Int8Weights;

class BlockRunLengthTest {

    @Test
    void encodesTheDocumentedLayoutByHand() {
        // 2 rows of 8, blocks of 4: row 0 keeps block 1, row 1 keeps blocks 0 and 1
        byte[] v = {0, 0, 0, 0, 1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 0, -6};
        byte[] enc = BlockRunLength.encode(new Int8Weights(2, 8, v, 4));
        byte[] expected = {
            1, 0, 2, 0,             // counts u16[2]
            1, 0, 0, 0,             // skips {1, 0, 0} + 1 padding byte
            1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 0, -6};
        assertArrayEquals(expected, enc);
        assertEquals(BlockRunLength.encodedSize(2, 3, 4), enc.length);
    }

    @Test
    void longRunsUseFillerBlocks() {
        int len = 700;
        byte[] v = new byte[len];
        v[0] = 1;
        v[300] = 2;   // 299 zero blocks before it: one filler (skip 255) then skip 43
        v[699] = 3;   // 398 zero blocks: one filler then skip 142
        Int8Weights w = new Int8Weights(1, len, v, 1);
        byte[] enc = BlockRunLength.encode(w);
        assertEquals(5, BlockRunLength.storedBlocks(w));
        assertEquals(5, enc[0]);
        int skips = 4;
        assertArrayEquals(new byte[] {0, (byte) 255, 43, (byte) 255, (byte) 142}, java.util.Arrays.copyOfRange(enc, skips,
                skips + 5));
        Int8Weights back = BlockRunLength.decode(enc, 0, enc.length, 1, len, 1);
        assertArrayEquals(v, back.values());
    }

    @Test
    void roundTripsRandomMatricesAtEveryBlockSize() {
        Random rnd = new Random(11);
        for (int b : new int[] {1, 4, 8, 16}) {
            for (int trial = 0; trial < 20; trial++) {
                int rows = 1 + rnd.nextInt(9);
                int len = b * (1 + rnd.nextInt(80));
                byte[] v = new byte[rows * len];
                double keep = rnd.nextDouble();
                for (int i = 0; i < v.length; i += b) {
                    if (rnd.nextDouble() < keep) {
                        for (int k = 0; k < b; k++) {
                            v[i + k] = (byte) (rnd.nextInt(255) - 127);
                        }
                    }
                }
                Int8Weights w = new Int8Weights(rows, len, v, b);
                byte[] enc = BlockRunLength.encode(w);
                assertEquals(BlockRunLength.encodedSize(rows, BlockRunLength.storedBlocks(w), b), enc.length);
                assertArrayEquals(v, BlockRunLength.decode(enc, 0, enc.length, rows, len, b).values());
            }
        }
    }

    @Test
    void decodeRejectsPositionsBeyondTheRowAndBadSizes() {
        byte[] v = {0, 0, 0, 7};
        byte[] enc = BlockRunLength.encode(new Int8Weights(1, 4, v, 1));
        enc[4] = 4; // skip 4 -> position 4 of 4 blocks
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BlockRunLength.decode(enc, 0, enc.length, 1, 4, 1));
        assertTrue(e.getMessage().contains("beyond"), e.getMessage());
        byte[] ok = BlockRunLength.encode(new Int8Weights(1, 4, v, 1));
        assertThrows(IllegalArgumentException.class, () -> BlockRunLength.decode(ok, 0, ok.length + 4, 1, 4, 1));
        ok[5] = 1; // skips padding must be zero
        assertThrows(IllegalArgumentException.class, () -> BlockRunLength.decode(ok, 0, ok.length, 1, 4, 1));
    }
}
