package studio.mammoth.tinyformer.compile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import studio.mammoth.tinyformer.ir.Int8Weights;
import studio.mammoth.tinyformer.ir.QLayer;
import studio.mammoth.tinyformer.ir.QuantizedModel;
import studio.mammoth.tinyformer.ir.Shape;
import studio.mammoth.tinyformer.quant.Quantizer;
import studio.mammoth.tinyformer.reference.RandomModels;

/** Round trip of the blob and rejection of malformed blobs, each with its reason. */
class BlobParserTest {

    private static final QuantizedModel MODEL = Quantizer.quantize(RandomModels.hybrid(21, 12, 0.6),
            RandomModels.pictures(2, new Shape(12, 12, 1), 8));
    private static final CompiledModel COMPILED = BlobCompiler.compile(MODEL);

    @Test
    void roundTripKeepsEveryLayerAndRecompilesToTheSameBytes() throws Exception {
        byte[] blob = COMPILED.blob();
        ParsedBlob parsed = BlobParser.parse(blob);
        assertEquals(MODEL.layers().size(), parsed.model().layers().size());
        assertEquals(COMPILED.plan().arenaSize(), parsed.plan().arenaSize());
        for (int i = 0; i < MODEL.layers().size(); i++) {
            QLayer a = MODEL.layers().get(i);
            QLayer b = parsed.model().layers().get(i);
            assertEquals(a.op(), b.op());
            assertEquals(a.inputs(), b.inputs());
            assertEquals(a.output(), b.output());
            if (a instanceof QLayer.Weighted wa) {
                Int8Weights x = wa.weights();
                Int8Weights y = ((QLayer.Weighted) b).weights();
                assertArrayEquals(x.values(), y.values(), "weights of layer " + i);
                assertEquals(x.blockSize(), y.blockSize());
                assertArrayEquals(wa.quant().bias(), ((QLayer.Weighted) b).quant().bias());
            }
        }
        for (int t = 0; t < MODEL.tensors().size(); t++) {
            assertEquals(MODEL.tensor(t).shape(), parsed.model().tensor(t).shape());
            assertEquals(MODEL.tensor(t).scale(), parsed.model().tensor(t).scale());
            assertEquals(MODEL.tensor(t).zeroPoint(), parsed.model().tensor(t).zeroPoint());
        }
        assertArrayEquals(blob, BlobCompiler.compile(parsed.model()).blob());
    }

    @Test
    void theModelUsesSparseLayersOfEveryBlockSize() {
        long sparseSizes = MODEL.layers().stream().filter(l -> l instanceof QLayer.Weighted)
                .map(l -> ((QLayer.Weighted) l).weights().blockSize()).filter(b -> b > 0).distinct().count();
        assertEquals(4, sparseSizes);
    }

    @Test
    void rejectsBadMagic() {
        assertRejected(b -> b[0] = 'X', "bad magic", false);
    }

    @Test
    void rejectsUnknownVersion() {
        assertRejected(b -> b[4] = 1, "unsupported version 1", false);
    }

    @Test
    void rejectsCorruptedBytesByCrc() {
        assertRejected(b -> b[b.length - 1] ^= 1, "CRC mismatch", false);
    }

    @Test
    void rejectsTruncatedBlob() {
        byte[] blob = Arrays.copyOf(COMPILED.blob(), COMPILED.blob().length - 4);
        BlobFormatException e = assertThrows(BlobFormatException.class, () -> BlobParser.parse(blob));
        assertTrue(e.getMessage().contains("total_size"), e.getMessage());
        assertThrows(BlobFormatException.class, () -> BlobParser.parse(new byte[10]));
    }

    @Test
    void rejectsUnknownOpCode() {
        assertRejected(b -> b[layer(0)] = 99, "unknown op code 99", true);
    }

    @Test
    void rejectsWeightsOutsideTheDataSection() {
        assertRejected(b -> le(b).putInt(layer(0) + 24, b.length - 4), "outside the data section", true);
    }

    @Test
    void rejectsTensorOutsideTheArena() {
        assertRejected(b -> le(b).putInt(tensor(1) + 8, le(b).getInt(36)), "exceeds arena_size", true);
    }

    @Test
    void rejectsWrongTensorSize() {
        assertRejected(b -> le(b).putInt(tensor(1) + 12, 1), "size 1 is not", true);
    }

    @Test
    void rejectsLayerReadingATensorNotYetProduced() {
        // the Q projection reads the attention context, which has the right shape but is computed later
        int q = layerProducing("t0.q");
        int context = tensorNamed("t0.context");
        assertRejected(b -> le(b).putShort(layer(q) + 4, (short) context),
                "layer " + q + ": input tensor " + context + " is not the model input or produced by an earlier layer", true);
    }

    @Test
    void rejectsOverlappingLiveTensors() {
        // move the stem's output onto the input tensor's bytes
        int stemOut = MODEL.layers().get(0).output();
        assertRejected(b -> le(b).putInt(tensor(stemOut) + 8, le(b).getInt(tensor(MODEL.input()) + 8)),
                "overlap in the arena", true);
    }

    @Test
    void rejectsBadRequantMultiplier() {
        int add = indexOf(QLayer.Add.class);
        assertRejected(b -> le(b).putInt(layer(add) + 40, 5), "mult 5 outside", true);
    }

    @Test
    void rejectsBadBlockSizeAndSparseFlagOnDenseOnlyOps() {
        int sparse = -1;
        for (int i = 0; i < MODEL.layers().size(); i++) {
            if (MODEL.layers().get(i) instanceof QLayer.Weighted w && w.weights().sparse()) {
                sparse = i;
                break;
            }
        }
        int s = sparse;
        assertRejected(b -> b[layer(s) + 2] = 3, "block_size 3", true);
        int add = indexOf(QLayer.Add.class);
        assertRejected(b -> {
            b[layer(add) + 1] = 1;
            b[layer(add) + 2] = 4;
        }, "SPARSE flag on an op without weights", true);
    }

    @Test
    void rejectsNonZeroReservedFields() {
        assertRejected(b -> b[60] = 1, "reserved header field", true);
        assertRejected(b -> b[layer(0) + 3] = 1, "reserved field", true);
    }

    @Test
    void rejectsWrongOutputShapeOfAConvolution() {
        assertRejected(b -> b[layer(0) + 14] = 1, "is not the window's", true); // stride 2 -> 1
    }

    private static int tensorNamed(String name) {
        for (int t = 0; t < MODEL.tensors().size(); t++) {
            if (MODEL.tensor(t).name().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no tensor " + name);
    }

    private static int layerProducing(String name) {
        int t = tensorNamed(name);
        for (int i = 0; i < MODEL.layers().size(); i++) {
            if (MODEL.layers().get(i).output() == t) {
                return i;
            }
        }
        throw new AssertionError("no layer makes " + name);
    }

    private static int indexOf(Class<?> type) {
        for (int i = 0; i < MODEL.layers().size(); i++) {
            if (type.isInstance(MODEL.layers().get(i))) {
                return i;
            }
        }
        throw new AssertionError("no " + type);
    }

    private static int tensor(int t) {
        return BlobFormat.tensorTableOffset() + t * BlobFormat.TENSOR_RECORD_SIZE;
    }

    private static int layer(int i) {
        return BlobFormat.layerTableOffset(MODEL.tensors().size()) + i * BlobFormat.LAYER_RECORD_SIZE;
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Corrupts a copy of the blob, optionally fixes the CRC (so the rule behind it is reached), expects rejection. */
    private static void assertRejected(Consumer<byte[]> corrupt, String reason, boolean fixCrc) {
        byte[] b = COMPILED.blob().clone();
        corrupt.accept(b);
        if (fixCrc) {
            CRC32 crc = new CRC32();
            crc.update(b, BlobFormat.CRC_START, b.length - BlobFormat.CRC_START);
            le(b).putInt(12, (int) crc.getValue());
        }
        BlobFormatException e = assertThrows(BlobFormatException.class, () -> BlobParser.parse(b));
        assertTrue(e.getMessage().contains(reason), "expected '" + reason + "' in: " + e.getMessage());
    }
}
