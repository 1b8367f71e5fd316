package studio.mammoth.tinyformer.board;

import java.nio.ByteBuffer;

/** On-board kernel benchmark (firmware/src/bench.h): one layer shape, dense and sparse kernel over the same weights. */
public final class KernelBench {
    private KernelBench() {
    }

    public enum Kind { CONV2D, DEPTHWISE, FULLY_CONNECTED }

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
