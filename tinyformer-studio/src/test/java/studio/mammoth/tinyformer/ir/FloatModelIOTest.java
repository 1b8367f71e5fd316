package studio.mammoth.tinyformer.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import studio.mammoth.tinyformer.compile.BlobCompiler;
import studio.mammoth.tinyformer.quant.ActivationRanges;
import studio.mammoth.tinyformer.quant.Quantizer;
import studio.mammoth.tinyformer.reference.RandomModels;

class FloatModelIOTest {

    @Test
    void roundTripKeepsLayersWeightsAndRanges() throws IOException {
        FloatModel m = RandomModels.hybrid(51, 12, 0.6);
        List<float[]> cal = RandomModels.pictures(1, m.shape(0), 4);
        ActivationRanges ranges = ActivationRanges.calibrate(m, cal);
        double[][] r = new double[m.tensors().size()][];
        for (int t = 0; t < r.length; t++) {
            r[t] = new double[] {ranges.min(t), ranges.max(t)};
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FloatModelIO.write(bytes, m, r);
        FloatModelIO.Saved back = FloatModelIO.read(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(m.tensors(), back.model().tensors());
        assertArrayEquals(FloatInterpreter.run(m, cal.get(0)), FloatInterpreter.run(back.model(), cal.get(0)));
        assertArrayEquals(BlobCompiler.compile(Quantizer.quantize(m, ranges)).blob(),
                BlobCompiler.compile(Quantizer.quantize(back.model(), ActivationRanges.of(back.model(), back.ranges())))
                        .blob());

        ByteArrayOutputStream noRanges = new ByteArrayOutputStream();
        FloatModelIO.write(noRanges, m, null);
        assertNull(FloatModelIO.read(new ByteArrayInputStream(noRanges.toByteArray())).ranges());
    }

    @Test
    void rejectsGarbage() {
        assertThrows(IOException.class, () -> FloatModelIO.read(new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 5})));
    }
}
