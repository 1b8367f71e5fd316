package studio.mammoth.tinyformer.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import studio.mammoth.common.task.Task;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.tinyformer.compile.BlobCompiler;
import studio.mammoth.tinyformer.compile.BlobFormatException;
import studio.mammoth.tinyformer.ir.FloatInterpreter;
import studio.mammoth.tinyformer.ir.FloatLayer;
import studio.mammoth.tinyformer.ir.FloatModel;
import studio.mammoth.tinyformer.ir.OpType;
import studio.mammoth.tinyformer.ir.QuantizedModel;
import studio.mammoth.tinyformer.ir.QuantizedModel.QTensor;
import studio.mammoth.tinyformer.quant.ActivationRanges;
import studio.mammoth.tinyformer.quant.QuantParams;
import studio.mammoth.tinyformer.quant.Quantizer;

/**
 * Where an int8 blob departs from the model it was quantised from, layer by layer: each layer of the blob is run by
 * the reference interpreter, and the same layer's float operator (int8 weights dequantised, float bias) is run on the
 * blob's own inputs of that layer, dequantised, and rounded to the output's int8 grid. A layer whose integers differ
 * from that more than by an occasional tie has an integer kernel that approximates (or a bug); quantisation-aware
 * training cannot have prepared the network for it. Three accuracies go with it: the float model, the simulated int8
 * model (float operators on int8 weights, every tensor rounded to its grid: what quantisation-aware training
 * evaluates) and the blob.
 */
public final class QuantisationCheck implements Task<QuantisationCheck.Result> {

    /**
     * Agreement of one layer's int8 output with its float operator on the same inputs, rounded to the same grid.
     *
     * @param differing  output values that differ (by any number of int8 steps)
     * @param signedSum  sum of (blob - float) in int8 steps: far from 0 when the difference is one-sided
     * @param maxSteps   the largest difference
     */
    public record LayerAgreement(String tensor, OpType op, long values, long differing, long signedSum, int maxSteps) {
        public double differingShare() {
            return values == 0 ? 0 : (double) differing / values;
        }

        public double meanSignedSteps() {
            return values == 0 ? 0 : (double) signedSum / values;
        }
    }

    public record Result(int images, int floatCorrect, int simulatedCorrect, int int8Correct, List<LayerAgreement> layers) {
        public double floatAccuracy() {
            return (double) floatCorrect / images;
        }

        public double simulatedAccuracy() {
            return (double) simulatedCorrect / images;
        }

        public double int8Accuracy() {
            return (double) int8Correct / images;
        }
    }

    private final FloatModel model;
    private final QuantizedModel quantized;
    private final List<FloatLayer> int8WeightLayers;
    private final ReferenceInterpreter interpreter;
    private final TestSplit images;

    /** {@code ranges}: the activation ranges the blob was (or would be) compiled with, e.g. those a .tfm carries. */
    public QuantisationCheck(FloatModel model, ActivationRanges ranges, TestSplit images) throws BlobFormatException {
        if (images.size() == 0) {
            throw new IllegalArgumentException("a quantisation check needs at least one image");
        }
        this.model = model;
        this.quantized = Quantizer.quantize(model, ranges);
        this.interpreter = ReferenceInterpreter.of(BlobCompiler.compile(quantized).blob());
        this.images = images;
        this.int8WeightLayers = new ArrayList<>();
        for (FloatLayer l : model.layers()) {
            int8WeightLayers.add(l instanceof FloatLayer.Weighted w ? w.withWeights(Quantizer.dequantisedWeights(w)) : l);
        }
    }

    @Override
    public String title() {
        return "Quantisation check on " + images.size() + " images";
    }

    @Override
    public Result run(TaskContext context) {
        int layers = model.layers().size();
        long[] differing = new long[layers];
        long[] signed = new long[layers];
        int[] max = new int[layers];
        int[] correct = new int[3]; // float, simulated int8, blob
        AtomicInteger done = new AtomicInteger();
        int n = images.size();
        IntStream.range(0, n).parallel().forEach(i -> {
            context.throwIfCancelled();
            ImageCheck c = check(images.inputs().get(i), images.labels()[i]);
            synchronized (correct) {
                for (int l = 0; l < layers; l++) {
                    differing[l] += c.differing[l];
                    signed[l] += c.signed[l];
                    max[l] = Math.max(max[l], c.max[l]);
                }
                correct[0] += c.floatRight ? 1 : 0;
                correct[1] += c.simulatedRight ? 1 : 0;
                correct[2] += c.int8Right ? 1 : 0;
            }
            int d = done.incrementAndGet();
            if (d % 100 == 0 || d == n) {
                context.report((double) d / n, "checking", d + "/" + n + " images");
            }
        });
        List<LayerAgreement> agreement = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            FloatLayer layer = model.layers().get(l);
            long values = (long) model.shape(layer.output()).size() * n;
            agreement.add(new LayerAgreement(model.tensors().get(layer.output()).name(), layer.op(), values, differing[l],
                    signed[l], max[l]));
        }
        return new Result(n, correct[0], correct[1], correct[2], agreement);
    }

    private static final class ImageCheck {
        final long[] differing;
        final long[] signed;
        final int[] max;
        boolean floatRight;
        boolean simulatedRight;
        boolean int8Right;

        ImageCheck(int layers) {
            differing = new long[layers];
            signed = new long[layers];
            max = new int[layers];
        }
    }

    private ImageCheck check(byte[] input, int label) {
        int layers = model.layers().size();
        ImageCheck c = new ImageCheck(layers);
        byte[][] blobOutputs = interpreter.runLayers(input);
        int tensors = model.tensors().size();
        float[][] fromBlob = new float[tensors][];    // the blob's tensors, dequantised
        float[][] simulated = new float[tensors][];   // float operators, int8 weights, every tensor on its grid
        float[] real = dequantise(input, quantized.tensor(model.input()));
        fromBlob[model.input()] = real;
        simulated[model.input()] = real;
        float[] floatLogits = FloatInterpreter.run(model, real);
        for (int l = 0; l < layers; l++) {
            FloatLayer layer = int8WeightLayers.get(l);
            QTensor out = quantized.tensor(layer.output());
            byte[] blob = blobOutputs[l];
            float[] expected = FloatInterpreter.runLayer(model, layer, fromBlob);
            for (int k = 0; k < blob.length; k++) {
                int steps = blob[k] - QuantParams.quantize(expected[k], out.scale(), out.zeroPoint());
                c.differing[l] += steps != 0 ? 1 : 0;
                c.signed[l] += steps;
                c.max[l] = Math.max(c.max[l], Math.abs(steps));
            }
            fromBlob[layer.output()] = dequantise(blob, out);
            simulated[layer.output()] = onGrid(FloatInterpreter.runLayer(model, layer, simulated), out);
        }
        c.floatRight = argmax(floatLogits) == label;
        c.simulatedRight = argmax(simulated[model.output()]) == label;
        c.int8Right = argmax(fromBlob[model.output()]) == label;
        return c;
    }

    private static float[] dequantise(byte[] q, QTensor t) {
        float[] f = new float[q.length];
        for (int i = 0; i < q.length; i++) {
            f[i] = t.scale() * (q[i] - t.zeroPoint());
        }
        return f;
    }

    private static float[] onGrid(float[] x, QTensor t) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = t.scale() * (QuantParams.quantize(x[i], t.scale(), t.zeroPoint()) - t.zeroPoint());
        }
        return f;
    }

    /** Index of the largest value, the lowest index on ties (as {@link ReferenceInterpreter#argmax}). */
    private static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }
}
