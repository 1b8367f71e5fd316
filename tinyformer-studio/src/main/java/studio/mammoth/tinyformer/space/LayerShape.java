package studio.mammoth.tinyformer.space;

/**
 * Shape of one active layer, enough for MACs, weight counts and activation sizes.
 *
 * @param name    parameter prefix in the supernet ("s1.b0.expand")
 * @param kind    conv (groups = 1 or depthwise), linear (applied per token) or attention (the two batched matmuls)
 * @param in      input channels / features
 * @param out     output channels / features
 * @param kernel  square kernel side (1 for linear)
 * @param stride  conv stride
 * @param inSide  input feature-map side (conv) — for linear and attention: the token count in {@code positions}
 * @param outSide output feature-map side
 * @param groups  conv groups (= in for depthwise)
 * @param positions spatial positions (outSide^2) or tokens the layer is applied at
 * @param heads   attention heads (attention only)
 */
public record LayerShape(String name, Kind kind, int in, int out, int kernel, int stride, int inSide, int outSide, int groups,
                         int positions, int heads) {

    public enum Kind { CONV, LINEAR, ATTENTION }

    static LayerShape conv(String name, int in, int out, int kernel, int stride, int inSide, int outSide, int groups) {
        return new LayerShape(name, Kind.CONV, in, out, kernel, stride, inSide, outSide, groups, outSide * outSide, 0);
    }

    static LayerShape linear(String name, int in, int out, int tokens) {
        return new LayerShape(name, Kind.LINEAR, in, out, 1, 1, 0, 0, 1, tokens, 0);
    }

    static LayerShape attention(String name, int embed, int heads, int tokens) {
        return new LayerShape(name, Kind.ATTENTION, embed, embed, 1, 1, 0, 0, 1, tokens, heads);
    }

    /** Weights (without biases); attention itself has none. */
    public long weights() {
        return switch (kind) {
            case CONV -> (long) out * (in / groups) * kernel * kernel;
            case LINEAR -> (long) in * out;
            case ATTENTION -> 0;
        };
    }

    public long macs() {
        return switch (kind) {
            case CONV, LINEAR -> weights() * positions;
            case ATTENTION -> 2L * positions * positions * in; // Q K^T and P V over all heads
        };
    }

    public boolean depthwise() {
        return kind == Kind.CONV && groups > 1;
    }

    /**
     * Every layer with weights has a sparsity gene: 1x1 convolutions and linears (the bulk of the weights), and the
     * depthwise convolutions and the stem, whose rows are short (k x k taps) but whose computation is a large share of
     * an inference (SparseEngine has sparse kernels for both).
     */
    public boolean prunable() {
        return kind != Kind.ATTENTION;
    }

    /**
     * Length of one weight row as the blob stores it, the unit blocks are cut from: the inputs of a linear, the
     * kh x kw x (in / groups) taps of a convolution (for a depthwise layer k x k, for a 1x1 convolution its inputs).
     */
    public int rowLength() {
        return switch (kind) {
            case CONV -> (in / groups) * kernel * kernel;
            case LINEAR -> in;
            case ATTENTION -> 0;
        };
    }

    public long inputElements() {
        return switch (kind) {
            case CONV -> (long) in * inSide * inSide;
            case LINEAR -> (long) in * positions;
            case ATTENTION -> 3L * in * positions;
        };
    }

    public long outputElements() {
        return switch (kind) {
            case CONV -> (long) out * outSide * outSide;
            case LINEAR, ATTENTION -> (long) out * positions;
        };
    }
}
