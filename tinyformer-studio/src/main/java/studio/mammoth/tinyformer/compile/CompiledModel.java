package studio.mammoth.tinyformer.compile;

import java.util.List;
import studio.mammoth.tinyformer.ir.OpType;
import studio.mammoth.tinyformer.ir.QuantizedModel;
import studio.mammoth.tinyformer.ir.Shape;

/**
 * The compiler's output: the blob bytes, the arena plan inside it, and per-layer byte and MAC counts.
 *
 * @param blob   the deployable model (BLOB_FORMAT.md)
 * @param plan   arena offsets and peak, as written into the blob
 * @param layers one entry per layer, in execution order
 */
public record CompiledModel(QuantizedModel model, byte[] blob, MemoryPlan plan, List<LayerFootprint> layers) {

    /**
     * Bytes and work of one layer.
     *
     * @param name          the layer's output tensor name
     * @param op            operator
     * @param outputShape   shape of its output
     * @param blockSize     0 = dense weights (or none), else the sparse block size
     * @param weightBytes   bytes of its weights as stored (dense or block run-length)
     * @param paramBytes    bytes of its parameter array (bias / requant / tables)
     * @param denseMacs     multiply-accumulates of the dense layer
     * @param effectiveMacs multiply-accumulates the sparse kernel executes (stored blocks, fillers included)
     * @param weights       weights of the dense matrix
     * @param storedWeights of which the blob stores (all when dense; kept blocks and fillers when sparse)
     * @param zeroWeights   of which zero (pruned, or quantised to zero)
     */
    public record LayerFootprint(String name, OpType op, Shape outputShape, int blockSize, int weightBytes, int paramBytes, long denseMacs, long effectiveMacs,
                                 long weights, long storedWeights, long zeroWeights) {
    }

    public long denseMacs() {
        return layers.stream().mapToLong(LayerFootprint::denseMacs).sum();
    }

    public long effectiveMacs() {
        return layers.stream().mapToLong(LayerFootprint::effectiveMacs).sum();
    }

    /**
     * Fraction of all weights that are pruned: not stored in the blob because their whole block is zero. Zeros inside
     * kept blocks and in dense layers do not count, so this never flatters the model.
     */
    public double sparsity() {
        long w = layers.stream().mapToLong(LayerFootprint::weights).sum();
        long stored = layers.stream().mapToLong(LayerFootprint::storedWeights).sum();
        return w == 0 ? 0 : 1 - (double) stored / w;
    }

    /** Fraction of all weights that are zero, wherever they are. */
    public double zeroFraction() {
        long w = layers.stream().mapToLong(LayerFootprint::weights).sum();
        long z = layers.stream().mapToLong(LayerFootprint::zeroWeights).sum();
        return w == 0 ? 0 : (double) z / w;
    }
}
