package studio.mammoth.tinyformer.ir;

import java.util.List;

/**
 * An int8 network ready to compile: the tensor table (shape, scale, zero point) and the integer layers in execution
 * order. Produced by {@code Quantizer.quantize}, compiled by {@code BlobCompiler.compile}, and recovered from a blob by
 * {@code BlobParser.parse} (tensor names are not stored in the blob; a parsed model names them "t0", "t1", ...).
 */
public record QuantizedModel(String name, List<QTensor> tensors, List<QLayer> layers, int input, int output) {

    /** An int8 activation tensor: {@code real = scale * (q - zeroPoint)}. */
    public record QTensor(String name, Shape shape, float scale, int zeroPoint) {
        public QTensor {
            if (!(scale > 0) || Float.isInfinite(scale)) {
                throw new IllegalArgumentException("tensor " + name + ": scale must be positive and finite, got " + scale);
            }
            if (zeroPoint < -128 || zeroPoint > 127) {
                throw new IllegalArgumentException("tensor " + name + ": zero point must be in [-128, 127], got "
                        + zeroPoint);
            }
        }
    }

    public QuantizedModel {
        tensors = List.copyOf(tensors);
        layers = List.copyOf(layers);
    }

    public QTensor tensor(int id) {
        return tensors.get(id);
    }

    public Shape shape(int id) {
        return tensors.get(id).shape();
    }

    /** Fraction of the weights of all weighted layers that are zero (pruned or quantised to zero). */
    public double zeroFraction() {
        long total = 0;
        long zeros = 0;
        for (QLayer l : layers) {
            if (l instanceof QLayer.Weighted w) {
                total += w.weights().values().length;
                zeros += w.weights().zeroCount();
            }
        }
        return total == 0 ? 0 : (double) zeros / total;
    }
}
