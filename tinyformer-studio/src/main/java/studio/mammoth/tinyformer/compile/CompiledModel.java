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
     * @param zeroWeights   of which zero
     */
    public record LayerFootprint(String name, OpType op, Shape outputShape, int blockSize, int weightBytes, int paramBytes, long denseMacs, long effectiveMacs,
                                 long weights, long zeroWeights) {
    }

    public long denseMacs() {
        return layers.stream().mapToLong(LayerFootprint::denseMacs).sum();
    }

    public long effectiveMacs() {
        return layers.stream().mapToLong(LayerFootprint::effectiveMacs).sum();
    }

    /** Fraction of all weights that are zero (pruned). */
    public double sparsity() {
        long w = layers.stream().mapToLong(LayerFootprint::weights).sum();
        long z = layers.stream().mapToLong(LayerFootprint::zeroWeights).sum();
        return w == 0 ? 0 : (double) z / w;
    }
}
