package studio.mammoth.tinyformer.ir;

import java.util.List;

/**
 * One layer of a {@link QuantizedModel}: exactly the integers the blob carries for it
 * (docs/tinyformer/BLOB_FORMAT.md), with the semantics of docs/tinyformer/INTEGER_SEMANTICS.md. Tensor zero points
 * and scales live in the model's tensor table; {@code actMin/actMax} is the int8 output clamp.
 */
public sealed interface QLayer {

    OpType op();

    List<Integer> inputs();

    int output();

    /** Output clamp lower bound in [-128, 127]. */
    int actMin();

    int actMax();

    /** Layers with a weight matrix and per-channel bias / requantisation. */
    sealed interface Weighted extends QLayer {
        Int8Weights weights();

        ChannelQuant quant();
    }

    record Conv2d(int input, int output, ConvGeometry geometry, Int8Weights weights, ChannelQuant quant, int actMin,
                  int actMax) implements Weighted {
        public OpType op() {
            return OpType.CONV2D;
        }

        public List<Integer> inputs() {
            return List.of(input);
        }
    }

    record DepthwiseConv2d(int input, int output, ConvGeometry geometry, Int8Weights weights, ChannelQuant quant,
                           int actMin, int actMax) implements Weighted {
        public OpType op() {
            return OpType.DEPTHWISE_CONV2D;
        }

        public List<Integer> inputs() {
            return List.of(input);
        }
    }

    record FullyConnected(int input, int output, Int8Weights weights, ChannelQuant quant, int actMin, int actMax)
            implements Weighted {
        public OpType op() {
            return OpType.FULLY_CONNECTED;
        }

        public List<Integer> inputs() {
            return List.of(input);
        }
    }

    /** TFLite int8 add: both inputs shifted left by 20, rescaled by left/right, summed, rescaled by out. */
    record Add(int left, int right, int output, Requant leftScale, Requant rightScale, Requant outScale, int actMin,
               int actMax) implements QLayer {
        public OpType op() {
            return OpType.ADD;
        }

        public List<Integer> inputs() {
            return List.of(left, right);
        }
    }

    /** Average pooling, no padding; {@code scale} = s_in / (s_out * kh * kw). */
    record AvgPool(int input, int output, int kernelH, int kernelW, int strideH, int strideW, Requant scale, int actMin,
                   int actMax) implements QLayer {
        public OpType op() {
            return OpType.AVG_POOL2D;
        }

        public List<Integer> inputs() {
            return List.of(input);
        }
    }

    /** Integer LayerNorm: gamma in [-32767, 32767], |beta| <= 2^29, {@code scale} = g_scale / (256 * s_out). */
    record LayerNorm(int input, int output, int[] gamma, int[] beta, Requant scale, int actMin, int actMax)
            implements QLayer {
        public OpType op() {
            return OpType.LAYER_NORM;
        }

        public List<Integer> inputs() {
            return List.of(input);
        }
    }

    /** Q K^T per head; {@code scale} = s_q * s_k / (sqrt(dh) * s_out). */
    record AttentionScores(int query, int key, int output, int heads, Requant scale, int actMin, int actMax)
            implements QLayer {
        public OpType op() {
            return OpType.ATTN_SCORES;
        }

        public List<Integer> inputs() {
            return List.of(query, key);
        }
    }

    /** Integer softmax with a 256-entry exp table (uint16, entry 0 in [1, 32768]); output scale 1/256, zp -128. */
    record Softmax(int input, int output, int[] expTable) implements QLayer {
        public OpType op() {
            return OpType.SOFTMAX;
        }

        public List<Integer> inputs() {
            return List.of(input);
        }

        public int actMin() {
            return -128;
        }

        public int actMax() {
            return 127;
        }
    }

    /** P V per head; {@code scale} = s_p * s_v / s_out. */
    record AttentionContext(int probabilities, int value, int output, int heads, Requant scale, int actMin, int actMax)
            implements QLayer {
        public OpType op() {
            return OpType.ATTN_CONTEXT;
        }

        public List<Integer> inputs() {
            return List.of(probabilities, value);
        }
    }

    /** GELU as a 256-entry int8 table indexed by q + 128. */
    record Gelu(int input, int output, byte[] table) implements QLayer {
        public OpType op() {
            return OpType.GELU;
        }

        public List<Integer> inputs() {
            return List.of(input);
        }

        public int actMin() {
            return -128;
        }

        public int actMax() {
            return 127;
        }
    }
}
