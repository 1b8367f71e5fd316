package studio.mammoth.tinyformer.reference;

import java.util.List;
import studio.mammoth.tinyformer.compile.BlobFormatException;
import studio.mammoth.tinyformer.compile.BlobParser;
import studio.mammoth.tinyformer.compile.MemoryPlan;
import studio.mammoth.tinyformer.compile.ParsedBlob;
import studio.mammoth.tinyformer.ir.QLayer;
import studio.mammoth.tinyformer.ir.QuantizedModel;
import studio.mammoth.tinyformer.ir.QuantizedModel.QTensor;

/**
 * Executes a blob exactly as SparseEngine does: parse and validate, then run the layers in table order on one int8
 * arena laid out by the blob's own memory plan, with the integer kernels of {@link IntegerKernels}. Its outputs are
 * the oracle the board must match bit for bit. Thread-safe: every run has its own arena.
 */
public final class ReferenceInterpreter {

    private final QuantizedModel model;
    private final MemoryPlan plan;
    private final KeptBlocks[] blocks;

    public ReferenceInterpreter(ParsedBlob parsed) {
        this.model = parsed.model();
        this.plan = parsed.plan();
        List<QLayer> layers = model.layers();
        this.blocks = new KeptBlocks[layers.size()];
        for (int i = 0; i < layers.size(); i++) {
            blocks[i] = LayerExecutor.blocksOf(model, layers.get(i));
        }
    }

    /** Parses (and validates) the blob. */
    public static ReferenceInterpreter of(byte[] blob) throws BlobFormatException {
        return new ReferenceInterpreter(BlobParser.parse(blob));
    }

    public QuantizedModel model() {
        return model;
    }

    /** The int8 output tensor (the logits) for an int8 input tensor. */
    public byte[] run(byte[] input) {
        byte[] arena = execute(input, null);
        QTensor out = model.tensor(model.output());
        byte[] result = new byte[out.shape().size()];
        System.arraycopy(arena, plan.offset(model.output()), result, 0, result.length);
        return result;
    }

    /** Output of every layer, in execution order (copies taken right after each layer runs). */
    public byte[][] runLayers(byte[] input) {
        byte[][] outputs = new byte[model.layers().size()][];
        execute(input, outputs);
        return outputs;
    }

    /** Index of the largest logit, the lowest index on ties. */
    public int predict(byte[] input) {
        return argmax(run(input));
    }

    public static int argmax(byte[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    private byte[] execute(byte[] input, byte[][] layerOutputs) {
        QTensor in = model.tensor(model.input());
        if (input.length != in.shape().size()) {
            throw new IllegalArgumentException("input has " + input.length + " bytes, the model expects " + in.shape()
                    + " = " + in.shape().size());
        }
        byte[] a = new byte[plan.arenaSize()];
        System.arraycopy(input, 0, a, plan.offset(model.input()), input.length);
        byte[][] memory = new byte[model.tensors().size()][];
        java.util.Arrays.fill(memory, a);
        List<QLayer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            QLayer l = layers.get(i);
            LayerExecutor.execute(model, l, blocks[i], memory, plan.offsets());
            int o = plan.offset(l.output());
            int size = model.shape(l.output()).size();
            if (layerOutputs != null) {
                layerOutputs[i] = java.util.Arrays.copyOfRange(a, o, o + size);
            }
        }
        return a;
    }
}
