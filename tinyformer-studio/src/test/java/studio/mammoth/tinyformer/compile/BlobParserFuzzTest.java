package studio.mammoth.tinyformer.compile;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import studio.mammoth.tinyformer.ir.Shape;
import studio.mammoth.tinyformer.quant.Quantizer;
import studio.mammoth.tinyformer.reference.RandomModels;
import studio.mammoth.tinyformer.reference.ReferenceInterpreter;

/**
 * Seeded mutation fuzzing of the parser: random byte, field and length corruptions of a valid blob (with the CRC
 * repaired so the checks behind it are reached). Every mutant is either rejected with a {@link BlobFormatException}
 * or accepted and then executed by the reference interpreter without any exception.
 */
class BlobParserFuzzTest {

    @Test
    void mutantsAreRejectedWithAReasonOrRunCleanly() {
        byte[] valid = BlobCompiler.compile(Quantizer.quantize(RandomModels.hybrid(61, 8, 0.6),
                RandomModels.pictures(1, new Shape(8, 8, 1), 4))).blob();
        Random rnd = new Random(62);
        int rejected = 0;
        int accepted = 0;
        for (int trial = 0; trial < 3000; trial++) {
            byte[] b = mutate(valid, rnd);
            try {
                ParsedBlob parsed = BlobParser.parse(b);
                accepted++;
                new ReferenceInterpreter(parsed).run(new byte[parsed.model().shape(parsed.model().input()).size()]);
            } catch (BlobFormatException e) {
                rejected++;
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
            } catch (RuntimeException e) {
                fail("mutant " + trial + " crashed the parser or interpreter: " + e, e);
            }
        }
        assertTrue(rejected > 2000, "rejected " + rejected + ", accepted " + accepted);
    }

    private static byte[] mutate(byte[] valid, Random rnd) {
        byte[] b;
        int kind = rnd.nextInt(4);
        if (kind == 0) { // truncate or extend
            b = java.util.Arrays.copyOf(valid, Math.max(0, valid.length + rnd.nextInt(129) - 64));
        } else {
            b = valid.clone();
            int n = 1 + rnd.nextInt(4);
            for (int i = 0; i < n; i++) {
                int at = rnd.nextInt(Math.min(b.length, kind == 1 ? 64 + 24 * 40 + 64 * 30 : b.length));
                if (kind == 3 && at + 4 <= b.length) { // a whole little-endian field to an extreme value
                    int[] extremes = {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0xFFFF, 65536, b.length, 1 << 30};
                    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at & ~3, extremes[rnd.nextInt(extremes.length)]);
                } else {
                    b[at] = (byte) rnd.nextInt(256);
                }
            }
        }
        if (b.length >= 16 && rnd.nextInt(10) > 0) { // usually repair the CRC so later rules are exercised
            if (b.length >= 12) {
                ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                if (rnd.nextBoolean()) {
                    le.putInt(8, b.length);
                }
                CRC32 crc = new CRC32();
                crc.update(b, BlobFormat.CRC_START, b.length - BlobFormat.CRC_START);
                le.putInt(12, (int) crc.getValue());
            }
        }
        return b;
    }
}
