package studio.mammoth.tinyformer.board;

import java.nio.ByteBuffer;
import java.util.List;

/** On-board kernel benchmark (firmware/src/bench.h): one layer shape, dense and sparse kernel over the same weights. */
public final class KernelBench {
    private KernelBench() {
    }

    public enum Kind { CONV2D, DEPTHWISE, FULLY_CONNECTED }

    /** Layer shapes of the hybrid network family (stem, inverted residual, transformer, classifier). */
    public static final List<Shape> REPRESENTATIVE = List.of(
            new Shape("conv 3x3/2 stem 28x28x1->16", Kind.CONV2D, 28, 28, 1, 16, 3, 2, 1),
            new Shape("conv 3x3 14x14x32->64", Kind.CONV2D, 14, 14, 32, 64, 3, 1, 4),
            new Shape("pointwise 1x1 14x14x32->128", Kind.CONV2D, 14, 14, 32, 128, 1, 1, 8),
            new Shape("depthwise 3x3 14x14x128", Kind.DEPTHWISE, 14, 14, 128, 128, 3, 1, 1),
            new Shape("depthwise 5x5/2 28x28x96", Kind.DEPTHWISE, 28, 28, 96, 96, 5, 2, 1),
            new Shape("depthwise 3x3 7x7x192", Kind.DEPTHWISE, 7, 7, 192, 192, 3, 1, 1),
            new Shape("fc qkv 49 tokens 128->128", Kind.FULLY_CONNECTED, 7, 7, 128, 128, 1, 1, 4),
            new Shape("fc mlp 49 tokens 128->256", Kind.FULLY_CONNECTED, 7, 7, 128, 256, 1, 1, 16),
            new Shape("fc classifier 128->10", Kind.FULLY_CONNECTED, 1, 1, 128, 10, 1, 1, 1));

    /** Sparsities (percent of weight blocks pruned) the benchmark sweeps. */
    public static final List<Integer> SPARSITIES_PERCENT = List.of(0, 50, 70, 80, 90, 95);

    /** A layer shape: input h x w x cin, cout outputs, square kernel / stride ("same" padding), sparse block size. */
    public record Shape(String name, Kind kind, int h, int w, int cin, int cout, int kernel, int stride, int block) {
        byte[] encode(int densityPermille, int seed) {
            ByteBuffer b = BoardClient.le(18);
            b.put((byte) kind.ordinal()).putShort((short) h).putShort((short) w).putShort((short) cin).putShort((short) cout)
                    .put((byte) kernel).put((byte) stride).put((byte) block).putShort((short) densityPermille).putInt(seed);
            return b.array();
        }
    }

    /** Dense and sparse costs (board timer units) and whether both kernels produced identical outputs. */
    public record Result(Shape shape, int densityPermille, long denseUnits, long sparseUnits, long nonzeroWeights,
                         long totalWeights, long encodedBytes, boolean outputsEqual) {
        public double sparsity() {
            return 1.0 - (double) nonzeroWeights / totalWeights;
        }

        public double speedup() {
            return (double) denseUnits / Math.max(1, sparseUnits);
        }
    }
}
