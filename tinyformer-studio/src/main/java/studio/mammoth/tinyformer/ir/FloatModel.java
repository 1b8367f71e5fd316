package studio.mammoth.tinyformer.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A trained network as the compiler sees it: tensors (name + shape, id = index) and layers in execution order, with
 * float weights. Tensor 0 is the input: a picture fed as {@code pixel / 255} (the int8 input is then
 * {@code pixel - 128}). Built with {@link #builder}, which infers every shape and checks every array length:
 *
 * <pre>{@code
 * FloatModel.Builder b = FloatModel.builder("demo", new Shape(28, 28, 1));
 * int x = b.conv2d("stem", b.input(), 16, ConvGeometry.same(3, 2), w, bias, Activation.RELU, 0);
 * x = b.globalAvgPool("pool", x);
 * FloatModel m = b.build(b.fullyConnected("classifier", x, 10, wc, bc, Activation.NONE, 4));
 * }</pre>
 *
 * Weight layouts: conv [out][kh][kw][in], depthwise [channel][kh][kw], fully connected [out][in] (PyTorch's conv
 * weight [out][in][kh][kw] must be permuted). Pruned weights are exact zeros; {@code blockSize} chooses the
 * sparse block size per layer (0 = dense).
 */
public final class FloatModel {

    /** A named tensor; names let training code attach its own activation ranges (see {@code ActivationRanges}). */
    public record TensorInfo(String name, Shape shape) {
    }

    private final String name;
    private final List<TensorInfo> tensors;
    private final List<FloatLayer> layers;
    private final int output;

    private FloatModel(String name, List<TensorInfo> tensors, List<FloatLayer> layers, int output) {
        this.name = name;
        this.tensors = Collections.unmodifiableList(tensors);
        this.layers = Collections.unmodifiableList(layers);
        this.output = output;
    }

    public static Builder builder(String name, Shape inputShape) {
        return new Builder(name, inputShape);
    }

    public String name() {
        return name;
    }

    public List<TensorInfo> tensors() {
        return tensors;
    }

    public List<FloatLayer> layers() {
        return layers;
    }

    public int input() {
        return 0;
    }

    public int output() {
        return output;
    }

    public Shape shape(int tensor) {
        return tensors.get(tensor).shape();
    }

    /** Id of the tensor with this name, or -1. */
    public int tensorId(String tensorName) {
        for (int i = 0; i < tensors.size(); i++) {
            if (tensors.get(i).name().equals(tensorName)) {
                return i;
            }
        }
        return -1;
    }

    /** Builds a model layer by layer; each method returns the id of the layer's output tensor. */
    public static final class Builder {
        private final String name;
        private final List<TensorInfo> tensors = new ArrayList<>();
        private final List<FloatLayer> layers = new ArrayList<>();

        private Builder(String name, Shape inputShape) {
            this.name = name;
            tensors.add(new TensorInfo("input", inputShape));
        }

        public int input() {
            return 0;
        }

        public Shape shape(int tensor) {
            return tensors.get(tensor).shape();
        }

        public int conv2d(String layer, int in, int outChannels, ConvGeometry g, float[] weights, float[] bias,
                          Activation act, int blockSize) {
            Shape s = shape(in);
            int rowLength = g.kernelH() * g.kernelW() * s.c();
            checkWeights(layer, weights, bias, outChannels, rowLength);
            checkBlock(layer, blockSize, rowLength);
            if (blockSize > 0 && s.c() % blockSize != 0) {
                throw new IllegalArgumentException(layer + ": sparse conv needs input channels (" + s.c()
                        + ") divisible by the block size " + blockSize);
            }
            int out = tensor(layer, new Shape(g.outputHeight(s.h()), g.outputWidth(s.w()), outChannels));
            layers.add(new FloatLayer.Conv2d(in, out, g, outChannels, weights, bias, act, blockSize));
            return out;
        }

        public int depthwise(String layer, int in, ConvGeometry g, float[] weights, float[] bias, Activation act,
                             int blockSize) {
            Shape s = shape(in);
            int rowLength = g.kernelH() * g.kernelW();
            checkWeights(layer, weights, bias, s.c(), rowLength);
            checkBlock(layer, blockSize, rowLength);
            int out = tensor(layer, new Shape(g.outputHeight(s.h()), g.outputWidth(s.w()), s.c()));
            layers.add(new FloatLayer.DepthwiseConv2d(in, out, g, s.c(), weights, bias, act, blockSize));
            return out;
        }

        public int fullyConnected(String layer, int in, int outFeatures, float[] weights, float[] bias, Activation act,
                                  int blockSize) {
            Shape s = shape(in);
            checkWeights(layer, weights, bias, outFeatures, s.c());
            checkBlock(layer, blockSize, s.c());
            int out = tensor(layer, new Shape(s.h(), s.w(), outFeatures));
            layers.add(new FloatLayer.FullyConnected(in, out, outFeatures, weights, bias, act, blockSize));
            return out;
        }

        public int add(String layer, int left, int right, Activation act) {
            if (!shape(left).equals(shape(right))) {
                throw new IllegalArgumentException(layer + ": add needs equal shapes, got " + shape(left) + " and "
                        + shape(right));
            }
            int out = tensor(layer, shape(left));
            layers.add(new FloatLayer.Add(left, right, out, act));
            return out;
        }

        public int avgPool(String layer, int in, int kernelH, int kernelW, int strideH, int strideW) {
            Shape s = shape(in);
            ConvGeometry g = new ConvGeometry(kernelH, kernelW, strideH, strideW, 0, 0, 0, 0);
            int out = tensor(layer, new Shape(g.outputHeight(s.h()), g.outputWidth(s.w()), s.c()));
            layers.add(new FloatLayer.AvgPool(in, out, kernelH, kernelW, strideH, strideW));
            return out;
        }

        /** Mean over all positions (tokens): (h, w, c) -> (1, 1, c). */
        public int globalAvgPool(String layer, int in) {
            Shape s = shape(in);
            return avgPool(layer, in, s.h(), s.w(), 1, 1);
        }

        public int layerNorm(String layer, int in, float[] gamma, float[] beta, float epsilon) {
            int d = shape(in).c();
            if (gamma.length != d || beta.length != d) {
                throw new IllegalArgumentException(layer + ": gamma and beta need " + d + " values");
            }
            if (d < IntegerLimits.MIN_NORM_WIDTH || d > IntegerLimits.MAX_NORM_WIDTH) {
                throw new IllegalArgumentException(layer + ": LayerNorm width must be in [2, 1024], got " + d);
            }
            int out = tensor(layer, shape(in));
            layers.add(new FloatLayer.LayerNorm(in, out, gamma, beta, epsilon));
            return out;
        }

        public int attentionScores(String layer, int query, int key, int heads) {
            Shape q = shape(query);
            checkHeads(layer, q, shape(key), heads);
            int out = tensor(layer, new Shape(heads, q.rows(), q.rows()));
            layers.add(new FloatLayer.AttentionScores(query, key, out, heads));
            return out;
        }

        public int softmax(String layer, int in) {
            int out = tensor(layer, shape(in));
            layers.add(new FloatLayer.Softmax(in, out));
            return out;
        }

        public int attentionContext(String layer, int probabilities, int value, int heads) {
            Shape v = shape(value);
            checkHeads(layer, v, v, heads);
            if (!shape(probabilities).equals(new Shape(heads, v.rows(), v.rows()))) {
                throw new IllegalArgumentException(layer + ": probabilities must be (heads, T, T), got "
                        + shape(probabilities));
            }
            int out = tensor(layer, v);
            layers.add(new FloatLayer.AttentionContext(probabilities, value, out, heads));
            return out;
        }

        public int gelu(String layer, int in) {
            int out = tensor(layer, shape(in));
            layers.add(new FloatLayer.Gelu(in, out));
            return out;
        }

        public FloatModel build(int output) {
            if (layers.isEmpty()) {
                throw new IllegalStateException("a model needs at least one layer");
            }
            if (output <= 0 || output >= tensors.size()) {
                throw new IllegalArgumentException("output must be a tensor produced by a layer");
            }
            return new FloatModel(name, new ArrayList<>(tensors), new ArrayList<>(layers), output);
        }

        private int tensor(String layer, Shape shape) {
            for (TensorInfo t : tensors) {
                if (t.name().equals(layer)) {
                    throw new IllegalArgumentException("duplicate layer name " + layer);
                }
            }
            tensors.add(new TensorInfo(layer, shape));
            return tensors.size() - 1;
        }

        private static void checkWeights(String layer, float[] weights, float[] bias, int rows, int rowLength) {
            if (weights.length != rows * rowLength) {
                throw new IllegalArgumentException(layer + ": expected " + rows + "x" + rowLength + " weights, got "
                        + weights.length);
            }
            if (bias.length != rows) {
                throw new IllegalArgumentException(layer + ": expected " + rows + " biases, got " + bias.length);
            }
            if (rowLength > IntegerLimits.MAX_ROW_LENGTH) {
                throw new IllegalArgumentException(layer + ": row length " + rowLength + " exceeds 32768");
            }
        }

        private static void checkBlock(String layer, int blockSize, int rowLength) {
            if (blockSize != 0 && blockSize != 1 && blockSize != 4 && blockSize != 8 && blockSize != 16) {
                throw new IllegalArgumentException(layer + ": block size must be 0 (dense), 1, 4, 8 or 16, got "
                        + blockSize);
            }
            if (blockSize > 0 && rowLength % blockSize != 0) {
                throw new IllegalArgumentException(layer + ": row length " + rowLength + " is not a multiple of block size "
                        + blockSize);
            }
        }

        private static void checkHeads(String layer, Shape a, Shape b, int heads) {
            if (!a.equals(b)) {
                throw new IllegalArgumentException(layer + ": attention inputs differ in shape: " + a + " vs " + b);
            }
            if (heads < 1 || a.c() % heads != 0) {
                throw new IllegalArgumentException(layer + ": width " + a.c() + " is not divisible into " + heads
                        + " heads");
            }
            if (a.rows() > IntegerLimits.MAX_TOKENS) {
                throw new IllegalArgumentException(layer + ": at most 16384 tokens, got " + a.rows());
            }
        }
    }
}
