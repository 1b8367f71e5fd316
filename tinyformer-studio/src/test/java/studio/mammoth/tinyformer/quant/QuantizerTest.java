package studio.mammoth.tinyformer.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import studio.mammoth.tinyformer.compile.BlobCompiler;
import studio.mammoth.tinyformer.ir.Activation;
import studio.mammoth.tinyformer.ir.ConvGeometry;
import studio.mammoth.tinyformer.ir.FloatInterpreter;
import studio.mammoth.tinyformer.ir.FloatModel;
import studio.mammoth.tinyformer.ir.QLayer;
import studio.mammoth.tinyformer.ir.QuantizedModel;
import studio.mammoth.tinyformer.ir.QuantizedModel.QTensor;
import studio.mammoth.tinyformer.ir.Requant;
import studio.mammoth.tinyformer.ir.Shape;
import studio.mammoth.tinyformer.reference.RandomModels;
import studio.mammoth.tinyformer.reference.ReferenceInterpreter;

class QuantizerTest {

    @Test
    void activationScaleAndZeroPointCoverTheRangeWithZeroExact() {
        double[] relu = QuantParams.scaleAndZeroPoint(0, 2.55);
        assertEquals(0.01, relu[0], 1e-12);
        assertEquals(-128, relu[1]);
        double[] symmetric = QuantParams.scaleAndZeroPoint(-1, 1);
        assertEquals(2.0 / 255, symmetric[0], 1e-12);
        assertEquals(-1, symmetric[1]); // -128 - Math.round(-127.5) = -128 + 127 (half rounds up)
        double[] positiveOnly = QuantParams.scaleAndZeroPoint(3, 5); // widened to [0, 5]
        assertEquals(5.0 / 255, positiveOnly[0], 1e-12);
        assertEquals(-128, positiveOnly[1]);
    }

    @Test
    void inputOfAPictureIsPixelMinus128() {
        float[] picture = {0f, 1f / 255, 128f / 255, 1f, 1.2f};
        assertArrayEquals(new byte[] {-128, -127, 0, 127, 127}, QuantParams.inputOf(picture, 0, picture.length));
    }

    @Test
    void requantEncodesTheMultiplierWithin31BitsAndClampsTinyOnes() {
        Random rnd = new Random(1);
        for (int i = 0; i < 10_000; i++) {
            double real = Math.exp(rnd.nextDouble() * 31 - 21); // from 7.6e-10 (> 2^-31) to 2.2e4
            Requant r = Requant.of(real);
            assertTrue(Math.abs(r.real() - real) <= real * 1e-9, real + " -> " + r);
        }
        assertEquals(new Requant(1 << 30, -31), Requant.of(1e-12));
        assertThrows(IllegalArgumentException.class, () -> Requant.of(Math.scalb(1.0, 31)));
        assertThrows(IllegalArgumentException.class, () -> Requant.of(0));
    }

    @Test
    void weightsArePerChannelSymmetricAndPrunedZerosStayZero() {
        float[] w = {0.5f, -0.25f, 0f, 0f, /* row 1 */ 0f, 0f, 0.01f, -0.02f};
        FloatModel.Builder b = FloatModel.builder("fc", new Shape(1, 1, 4));
        FloatModel m = b.build(b.fullyConnected("fc", b.input(), 2, w, new float[] {0.1f, -0.1f}, Activation.RELU6, 4));
        QuantizedModel q = Quantizer.quantize(m, List.of(new float[] {1, 0.5f, 0.25f, 0}));
        QLayer.FullyConnected fc = (QLayer.FullyConnected) q.layers().get(0);
        assertArrayEquals(new byte[] {127, -64, 0, 0, 0, 0, 64, -127}, fc.weights().values());
        assertEquals(4, fc.weights().blockSize());
        QTensor in = q.tensor(0);
        assertEquals(1f / 255, in.scale());
        assertEquals(-128, in.zeroPoint());
        // bias = round(0.1 / (s_in * 0.5 / 127))
        assertEquals(Math.round(0.1 / (in.scale() * (0.5 / 127))), fc.quant().bias()[0]);
        QTensor out = q.tensor(fc.output());
        assertEquals(out.zeroPoint(), fc.actMin()); // ReLU6 lower bound is the real 0
        assertEquals(QuantParams.quantize(6.0, out.scale(), out.zeroPoint()), fc.actMax());
    }

    @Test
    void tablesFollowTheirFormulas() {
        FloatModel.Builder b = FloatModel.builder("t", new Shape(1, 4, 8));
        int g = b.gelu("gelu", b.input());
        FloatModel m = b.build(b.softmax("softmax", g));
        ActivationRanges ranges = ActivationRanges.uniform(m, -4, 4);
        QuantizedModel q = Quantizer.quantize(m, ranges.set("input", -4, 4));
        QLayer.Gelu gelu = (QLayer.Gelu) q.layers().get(0);
        QLayer.Softmax softmax = (QLayer.Softmax) q.layers().get(1);
        QTensor in = q.tensor(0);
        QTensor mid = q.tensor(1);
        for (int x = -128; x <= 127; x++) {
            double real = FloatInterpreter.gelu(in.scale() * (x - in.zeroPoint()));
            assertEquals(QuantParams.quantize(real, mid.scale(), mid.zeroPoint()), gelu.table()[x + 128]);
        }
        assertEquals(32768, softmax.expTable()[0]);
        assertEquals(Math.round(32768 * StrictMath.exp(-10 * (double) mid.scale())), softmax.expTable()[10]);
        QTensor probs = q.tensor(2);
        assertEquals(1f / 256, probs.scale());
        assertEquals(-128, probs.zeroPoint());
    }

    @Test
    void quantisedConvolutionTracksTheFloatOneWithinAFewSteps() throws Exception {
        Random rnd = new Random(5);
        float[] w = new float[8 * 9 * 3];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (0.3 * rnd.nextGaussian());
        }
        FloatModel.Builder b = FloatModel.builder("conv", new Shape(6, 6, 3));
        FloatModel m = b.build(b.conv2d("conv", b.input(), 8, ConvGeometry.same(3, 1), w, new float[8], Activation.NONE, 0));
        List<float[]> cal = RandomModels.pictures(2, new Shape(6, 6, 3), 8);
        QuantizedModel q = Quantizer.quantize(m, cal);
        ReferenceInterpreter interpreter = ReferenceInterpreter.of(BlobCompiler.compile(q).blob());
        QTensor out = q.tensor(1);
        for (float[] x : cal) {
            float[] f = FloatInterpreter.run(m, x);
            byte[] y = interpreter.run(QuantParams.inputOf(x, 0, x.length));
            for (int i = 0; i < f.length; i++) {
                double err = Math.abs(out.scale() * (y[i] - out.zeroPoint()) - f[i]) / out.scale();
                assertTrue(err <= 2.0, "output " + i + " off by " + err + " steps");
            }
        }
    }
}
