package studio.mammoth.tinyformer.train;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import studio.mammoth.tinyformer.compile.BlobCompiler;
import studio.mammoth.tinyformer.compile.BlobFormatException;
import studio.mammoth.tinyformer.compile.CompiledModel;
import studio.mammoth.tinyformer.data.FashionMnistData;
import studio.mammoth.tinyformer.ir.FloatModel;
import studio.mammoth.tinyformer.prune.SparsityPlan;
import studio.mammoth.tinyformer.quant.ActivationRanges;
import studio.mammoth.tinyformer.quant.QuantParams;
import studio.mammoth.tinyformer.quant.Quantizer;
import studio.mammoth.tinyformer.reference.ReferenceInterpreter;
import studio.mammoth.tinyformer.space.ArchConfig;
import studio.mammoth.tinyformer.space.SubnetGraph;

/**
 * Hands a trained subnet to the compiler: float IR (BN folded, masks applied) with the activation ranges that
 * quantisation-aware training observed, int8 quantisation, blob; and measures the blob's accuracy with the integer
 * reference interpreter — the figure that counts.
 */
public final class Int8Deployment {
    private Int8Deployment() {
    }

    public static FloatModel floatModel(Supernet net, ArchConfig arch, SparsityPlan sparsity, Map<String, NDArray> masks) {
        return SubnetGraph.build(net.space(), arch, sparsity, new SupernetWeights(net, masks));
    }

    /**
     * Per tensor id the [min, max] quantisation-aware training observed. The input and the softmax outputs have
     * quantisations fixed by the integer semantics; they are given their real range [0, 1], which the quantiser ignores.
     */
    public static double[][] qatRanges(FloatModel model, FakeQuant quant) {
        double[][] ranges = new double[model.tensors().size()][];
        for (int id = 0; id < ranges.length; id++) {
            String name = model.tensors().get(id).name();
            if (name.equals("input") || name.endsWith(".probs")) {
                ranges[id] = new double[] {0, 1};
                continue;
            }
            FakeQuant.Range r = quant.ranges().get(name);
            if (r == null || !r.seen()) {
                throw new IllegalStateException("quantisation-aware training observed no range for tensor " + name);
            }
            ranges[id] = new double[] {r.min(), r.max()};
        }
        return ranges;
    }

    /** int8 quantisation with QAT's ranges, then the blob. */
    public static CompiledModel compile(FloatModel model, double[][] qatRanges) {
        ActivationRanges ranges = ActivationRanges.uniform(model, 0, 0);
        for (int id = 0; id < qatRanges.length; id++) {
            ranges.set(model.tensors().get(id).name(), qatRanges[id][0], qatRanges[id][1]);
        }
        return BlobCompiler.compile(Quantizer.quantize(model, ranges));
    }

    /** Accuracy of the blob on the first {@code limit} images of a split, computed by the reference interpreter. */
    public static double accuracy(byte[] blob, FashionMnistData.Images data, int limit) throws BlobFormatException {
        ReferenceInterpreter interpreter = ReferenceInterpreter.of(blob);
        int n = Math.min(limit, data.size());
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int ppi = data.pixelsPerImage();
            if (interpreter.predict(QuantParams.inputOf(data.pixels(), i * ppi, ppi)) == data.labels()[i]) {
                correct++;
            }
        }
        return (double) correct / n;
    }
}
