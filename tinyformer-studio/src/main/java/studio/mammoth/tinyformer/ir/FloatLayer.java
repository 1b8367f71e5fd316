package studio.mammoth.tinyformer.ir;

import java.util.List;

/**
 * One layer of a {@link FloatModel}: float weights as trained, tensors referred to by id. Weighted layers carry a
 * {@code blockSize}: 0 keeps the layer dense in the blob, 1/4/8/16 stores it in the block run-length format, the
 * pruning mask being the weights that are exactly zero.
 */
public sealed interface FloatLayer {

    OpType op();

    List<Integer> inputs();

    int output();

    /** A layer with a weight matrix of {@link #rows()} rows (output channels) of {@link #rowLength()} weights. */
    sealed interface Weighted extends FloatLayer {
        /** Weights row-major: row r = output channel r, in the order of INTEGER_SEMANTICS.md (OHWI for conv). */
        float[] weights();

        float[] bias();

        Activation activation();

        /** 0 = dense, else the sparse block size (1, 4, 8 or 16). */
        int blockSize();

        int rows();

        default int rowLength() {
            return weights().length / rows();
        }

        /** The same layer with other weights of the same shape (e.g. the int8 weights dequantised). */
        Weighted withWeights(float[] weights);
    }

    /** Standard convolution (pointwise when the kernel is 1x1); weights [outChannels][kh][kw][inChannels]. */
    record Conv2d(int input, int output, ConvGeometry geometry, int outChannels, float[] weights, float[] bias,
                  Activation activation, int blockSize) implements Weighted {
        public OpType op() {
            return OpType.CONV2D;
        }

        public List<Integer> inputs() {
            return List.of(input);
        }

        public int rows() {
            return outChannels;
        }

        public Conv2d withWeights(float[] w) {
            return new Conv2d(input, output, geometry, outChannels, w, bias, activation, blockSize);
        }
    }

    /** Depthwise convolution, depth multiplier 1; weights [channels][kh][kw]. */
    record DepthwiseConv2d(int input, int output, ConvGeometry geometry, int channels, float[] weights, float[] bias,
                           Activation activation, int blockSize) implements Weighted {
        public OpType op() {
            return OpType.DEPTHWISE_CONV2D;
        }

        public List<Integer> inputs() {
            return List.of(input);
        }

        public int rows() {
            return channels;
        }

        public DepthwiseConv2d withWeights(float[] w) {
            return new DepthwiseConv2d(input, output, geometry, channels, w, bias, activation, blockSize);
        }
    }

    /** Linear layer applied to each token (row) of its input; weights [outFeatures][inFeatures]. */
    record FullyConnected(int input, int output, int outFeatures, float[] weights, float[] bias, Activation activation,
                          int blockSize) implements Weighted {
        public OpType op() {
            return OpType.FULLY_CONNECTED;
        }

        public List<Integer> inputs() {
            return List.of(input);
        }

        public int rows() {
            return outFeatures;
        }

        public FullyConnected withWeights(float[] w) {
            return new FullyConnected(input, output, outFeatures, w, bias, activation, blockSize);
        }
    }

    /** Elementwise sum of two tensors of one shape (residual connection). */
    record Add(int left, int right, int output, Activation activation) implements FloatLayer {
        public OpType op() {
            return OpType.ADD;
        }

        public List<Integer> inputs() {
            return List.of(left, right);
        }
    }

    /** Average pooling without padding; the global pool over all tokens is a window of the whole input. */
    record AvgPool(int input, int output, int kernelH, int kernelW, int strideH, int strideW) implements FloatLayer {
        public OpType op() {
            return OpType.AVG_POOL2D;
        }

        public List<Integer> inputs() {
            return List.of(input);
        }
    }

    /** LayerNorm over the channels of each token: (x - mean) / sqrt(var + epsilon) * gamma + beta. */
    record LayerNorm(int input, int output, float[] gamma, float[] beta, float epsilon) implements FloatLayer {
        public OpType op() {
            return OpType.LAYER_NORM;
        }

        public List<Integer> inputs() {
            return List.of(input);
        }
    }

    /** Per head: scores = Q K^T / sqrt(head width); output (heads, T, T). */
    record AttentionScores(int query, int key, int output, int heads) implements FloatLayer {
        public OpType op() {
            return OpType.ATTN_SCORES;
        }

        public List<Integer> inputs() {
            return List.of(query, key);
        }
    }

    /** Softmax over the innermost dimension (each row of c values). */
    record Softmax(int input, int output) implements FloatLayer {
        public OpType op() {
            return OpType.SOFTMAX;
        }

        public List<Integer> inputs() {
            return List.of(input);
        }
    }

    /** Per head: context = P V, heads concatenated back to (h, w, D). */
    record AttentionContext(int probabilities, int value, int output, int heads) implements FloatLayer {
        public OpType op() {
            return OpType.ATTN_CONTEXT;
        }

        public List<Integer> inputs() {
            return List.of(probabilities, value);
        }
    }

    /** Exact (erf) GELU. */
    record Gelu(int input, int output) implements FloatLayer {
        public OpType op() {
            return OpType.GELU;
        }

        public List<Integer> inputs() {
            return List.of(input);
        }
    }
}
