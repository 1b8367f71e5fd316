package studio.mammoth.tinyformer.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import studio.mammoth.tinyformer.ir.FloatModel;
import studio.mammoth.tinyformer.ir.QLayer;
import studio.mammoth.tinyformer.ir.QuantizedModel;
import studio.mammoth.tinyformer.ir.Shape;
import studio.mammoth.tinyformer.quant.Quantizer;
import studio.mammoth.tinyformer.reference.RandomModels;

class CostModelTest {

    private static final RuntimeFootprint RUNTIME = new RuntimeFootprint(20000, 40000, "test");

    @Test
    void costEqualsWhatTheCompilerEmits() {
        FloatModel m = RandomModels.hybrid(41, 16, 0.8);
        QuantizedModel calibrated = Quantizer.quantize(m, RandomModels.pictures(1, new Shape(16, 16, 1), 8));
        byte[] blob = BlobCompiler.compile(calibrated).blob();
        int arenaInBlob = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).getInt(36);

        // What the search sees: the float candidate quantised for costing only.
        Cost cost = new CostModel(RUNTIME).cost(Quantizer.quantizeForCost(m));
        assertEquals(blob.length, cost.blobBytes());
        assertEquals(blob.length + 20000, cost.flashBytes());
        assertEquals(arenaInBlob, cost.arenaBytes());
        assertEquals(arenaInBlob + 40000, cost.sramBytes());
        assertEquals(prunedFraction(calibrated), cost.sparsity(), 1e-12);
        assertTrue(cost.sparsity() > 0.4 && cost.sparsity() <= calibrated.zeroFraction(), "sparsity " + cost.sparsity());
        assertTrue(cost.effectiveMacs() < cost.denseMacs());
    }

    @Test
    void macsCountEveryMultiplyOfTheDenseModelAndOnlyStoredBlocksWhenSparse() {
        QuantizedModel q = Quantizer.quantizeForCost(RandomModels.hybrid(42, 12, 0.0));
        CompiledModel c = BlobCompiler.compile(q);
        long expected = 0;
        long expectedEffective = 0;
        for (QLayer l : q.layers()) {
            Shape out = q.shape(l.output());
            if (l instanceof QLayer.Weighted w) {
                byte[] v = w.weights().values();
                long positions = (long) out.h() * out.w();
                expected += positions * v.length;
                int b = w.weights().blockSize();
                long kept = 0;
                for (int i = 0; b > 0 && i < v.length; i += b) {
                    boolean nonZero = false;
                    for (int k = 0; k < b; k++) {
                        nonZero |= v[i + k] != 0;
                    }
                    kept += nonZero ? b : 0;
                }
                expectedEffective += positions * (b > 0 ? kept : v.length);
            } else if (l instanceof QLayer.AttentionScores || l instanceof QLayer.AttentionContext) {
                Shape v = q.shape(l.inputs().get(1));
                expected += (long) v.rows() * v.rows() * v.c();
                expectedEffective += (long) v.rows() * v.rows() * v.c();
            }
        }
        assertEquals(expected, c.denseMacs());
        // Nothing pruned, but weights that quantise to 0 still form skipped blocks of size 1.
        assertEquals(expectedEffective, c.effectiveMacs());
    }

    /** Weights in all-zero blocks of the sparse layers over all weights (rows here are too short for fillers). */
    private static double prunedFraction(QuantizedModel q) {
        long total = 0;
        long pruned = 0;
        for (QLayer l : q.layers()) {
            if (l instanceof QLayer.Weighted w) {
                byte[] v = w.weights().values();
                total += v.length;
                int b = w.weights().blockSize();
                for (int i = 0; b > 0 && i < v.length; i += b) {
                    boolean zero = true;
                    for (int k = 0; k < b; k++) {
                        zero &= v[i + k] == 0;
                    }
                    pruned += zero ? b : 0;
                }
            }
        }
        return (double) pruned / total;
    }

    @Test
    void fitsComparesBothLimits() {
        Cost cost = new CostModel(RUNTIME).cost(Quantizer.quantizeForCost(RandomModels.hybrid(43, 12, 0.5)));
        assertTrue(cost.fits(Budget.STM32F746));
        assertFalse(cost.fits(new Budget("tiny", cost.flashBytes() - 1, 1 << 20)));
        assertFalse(cost.fits(new Budget("tiny", 1 << 20, cost.sramBytes() - 1)));
    }

    @Test
    void runtimeFootprintParsesTheFirmwareSizeReport() {
        String report = """
                build/qemu/sparse-engine.elf  :
                section             size        addr
                .isr_vector          192           0
                .text              20496         192
                .ARM.exidx             8       20688
                .data                 40   536870912
                .bss               30812   536870952
                .arena            288636   536901764
                .stack              8192   537190400
                .debug_info        65447           0
                Total             527472
                """;
        RuntimeFootprint f = RuntimeFootprint.parse(report, "test");
        assertEquals(192 + 20496 + 8 + 40, f.flashBytes());
        assertEquals(40 + 30812 + 8192, f.staticRamBytes());
    }
}
