package studio.mammoth.tinyformer.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import studio.mammoth.tinyformer.compile.BlobCompiler;
import studio.mammoth.tinyformer.compile.CompiledModel;
import studio.mammoth.tinyformer.ir.FloatLayer;
import studio.mammoth.tinyformer.ir.FloatModel;
import studio.mammoth.tinyformer.ir.QLayer;
import studio.mammoth.tinyformer.ir.QuantizedModel;
import studio.mammoth.tinyformer.ir.QuantizedModel.QTensor;
import studio.mammoth.tinyformer.ir.Shape;
import studio.mammoth.tinyformer.quant.Quantizer;
import studio.mammoth.tinyformer.ir.FloatInterpreter;

class ReferenceInterpreterTest {

    private static final Shape INPUT = new Shape(12, 12, 1);

    @Test
    void int8ModelAgreesWithTheFloatModelWithinQuantisationError() throws Exception {
        assertAgreesWithFloat(RandomModels.hybrid(31, 12, 0.6));
    }

    @Test
    void withPrunedStemAndDepthwiseTheBlobStoresThemSparseAndStillAgreesWithTheFloatModel() throws Exception {
        FloatModel m = RandomModels.hybrid(31, 12, 0.6, true);
        QuantizedModel q = Quantizer.quantize(m, RandomModels.pictures(1, INPUT, 8));
        QuantizedModel parsed = ReferenceInterpreter.of(BlobCompiler.compile(q).blob()).model();
        QLayer.Weighted stem = (QLayer.Weighted) parsed.layers().get(0);
        QLayer.Weighted depthwise = parsed.layers().stream().filter(l -> l instanceof QLayer.DepthwiseConv2d)
                .map(l -> (QLayer.Weighted) l).findFirst().orElseThrow();
        for (QLayer.Weighted w : List.of(stem, depthwise)) {
            assertTrue(w.weights().sparse(), w.op() + " stored in the block run-length format");
            assertEquals(1, w.weights().blockSize(), w.op() + " blocks are single taps");
            int zeros = 0;
            for (byte b : w.weights().values()) {
                zeros += b == 0 ? 1 : 0;
            }
            assertTrue(zeros > w.weights().values().length / 3, w.op() + ": " + zeros + " pruned taps survive the blob");
        }
        assertAgreesWithFloat(m);
    }

    private static void assertAgreesWithFloat(FloatModel m) throws Exception {
        QuantizedModel q = Quantizer.quantize(m, RandomModels.pictures(1, INPUT, 32));
        ReferenceInterpreter interpreter = ReferenceInterpreter.of(BlobCompiler.compile(q).blob());
        QTensor out = q.tensor(q.output());
        List<float[]> test = RandomModels.pictures(2, INPUT, 40);
        int agree = 0;
        double worst = 0;
        for (float[] x : test) {
            float[] f = FloatInterpreter.run(m, x);
            byte[] y = interpreter.run(RandomModels.int8Input(x));
            double range = 0;
            for (int i = 0; i < f.length; i++) {
                double err = Math.abs(out.scale() * (y[i] - out.zeroPoint()) - f[i]);
                worst = Math.max(worst, err / out.scale());
                range = Math.max(range, Math.abs(f[i]));
            }
            int fa = 0;
            for (int i = 1; i < f.length; i++) {
                fa = f[i] > f[fa] ? i : fa;
            }
            agree += fa == ReferenceInterpreter.argmax(y) ? 1 : 0;
        }
        // Through ~20 int8 layers (two LayerNorms, attention) the logits stay within a few output steps.
        assertTrue(worst <= 16, "worst logit error " + worst + " output steps");
        assertTrue(agree >= 36, "int8 and float predictions agree on " + agree + "/40");
    }

    @Test
    void isDeterministicAndCompilesToIdenticalBytes() throws Exception {
        FloatModel m = RandomModels.hybrid(32, 12, 0.5);
        List<float[]> cal = RandomModels.pictures(1, INPUT, 8);
        CompiledModel a = BlobCompiler.compile(Quantizer.quantize(m, cal));
        CompiledModel b = BlobCompiler.compile(Quantizer.quantize(RandomModels.hybrid(32, 12, 0.5), cal));
        assertArrayEquals(a.blob(), b.blob());
        ReferenceInterpreter r = ReferenceInterpreter.of(a.blob());
        byte[] x = RandomModels.int8Input(RandomModels.pictures(9, INPUT, 1).get(0));
        byte[][] first = r.runLayers(x);
        byte[][] second = ReferenceInterpreter.of(b.blob()).runLayers(x);
        for (int i = 0; i < first.length; i++) {
            assertArrayEquals(first[i], second[i], "layer " + i);
        }
        assertArrayEquals(first[first.length - 1], r.run(x));
    }

    @Test
    void sparseAndDenseEncodingsOfTheSameWeightsComputeTheSameBits() throws Exception {
        assertSameBitsDenseAndSparse(RandomModels.hybrid(33, 12, 0.7));
        assertSameBitsDenseAndSparse(RandomModels.hybrid(33, 12, 0.7, true));
    }

    private static void assertSameBitsDenseAndSparse(FloatModel sparse) throws Exception {
        FloatModel dense = denseCopy(sparse);
        List<float[]> cal = RandomModels.pictures(1, INPUT, 8);
        CompiledModel s = BlobCompiler.compile(Quantizer.quantize(sparse, cal));
        CompiledModel d = BlobCompiler.compile(Quantizer.quantize(dense, cal));
        assertTrue(s.blob().length < d.blob().length, "sparse blob " + s.blob().length + " vs dense " + d.blob().length);
        ReferenceInterpreter rs = ReferenceInterpreter.of(s.blob());
        ReferenceInterpreter rd = ReferenceInterpreter.of(d.blob());
        for (float[] x : RandomModels.pictures(3, INPUT, 10)) {
            byte[] in = RandomModels.int8Input(x);
            assertArrayEquals(rd.run(in), rs.run(in));
        }
    }

    @Test
    void aPlannedArenaGivesTheSameResultAsSeparateBuffers() throws Exception {
        // Every layer's output computed from the float-free integer kernels on private arrays must equal what the
        // arena-sharing interpreter produced: the planner's reuse of bytes changes nothing.
        FloatModel m = RandomModels.hybrid(34, 12, 0.5);
        QuantizedModel q = Quantizer.quantize(m, RandomModels.pictures(1, INPUT, 8));
        ReferenceInterpreter r = ReferenceInterpreter.of(BlobCompiler.compile(q).blob());
        byte[] x = RandomModels.int8Input(RandomModels.pictures(4, INPUT, 1).get(0));
        byte[][] layers = r.runLayers(x);
        byte[][] tensors = new byte[q.tensors().size()][];
        tensors[q.input()] = x;
        for (int i = 0; i < q.layers().size(); i++) {
            tensors[q.layers().get(i).output()] = layers[i];
        }
        // Re-run layer by layer on a fresh, unshared arena per layer via a one-layer view of the model.
        for (int i = 0; i < q.layers().size(); i++) {
            byte[] alone = LayerExecutor.runAlone(q, i, tensors);
            assertArrayEquals(layers[i], alone, "layer " + i + " " + q.layers().get(i).op());
        }
    }

    private static FloatModel denseCopy(FloatModel m) {
        FloatModel.Builder b = FloatModel.builder(m.name(), m.shape(0));
        for (FloatLayer l : m.layers()) {
            String name = m.tensors().get(l.output()).name();
            if (l instanceof FloatLayer.Conv2d c) {
                b.conv2d(name, c.input(), c.outChannels(), c.geometry(), c.weights(), c.bias(), c.activation(), 0);
            } else if (l instanceof FloatLayer.DepthwiseConv2d d) {
                b.depthwise(name, d.input(), d.geometry(), d.weights(), d.bias(), d.activation(), 0);
            } else if (l instanceof FloatLayer.FullyConnected f) {
                b.fullyConnected(name, f.input(), f.outFeatures(), f.weights(), f.bias(), f.activation(), 0);
            } else if (l instanceof FloatLayer.Add a) {
                b.add(name, a.left(), a.right(), a.activation());
            } else if (l instanceof FloatLayer.AvgPool p) {
                b.avgPool(name, p.input(), p.kernelH(), p.kernelW(), p.strideH(), p.strideW());
            } else if (l instanceof FloatLayer.LayerNorm n) {
                b.layerNorm(name, n.input(), n.gamma(), n.beta(), n.epsilon());
            } else if (l instanceof FloatLayer.AttentionScores s) {
                b.attentionScores(name, s.query(), s.key(), s.heads());
            } else if (l instanceof FloatLayer.Softmax s) {
                b.softmax(name, s.input());
            } else if (l instanceof FloatLayer.AttentionContext c) {
                b.attentionContext(name, c.probabilities(), c.value(), c.heads());
            } else if (l instanceof FloatLayer.Gelu g) {
                b.gelu(name, g.input());
            }
        }
        FloatModel copy = b.build(m.output());
        assertEquals(m.tensors(), copy.tensors());
        return copy;
    }
}
