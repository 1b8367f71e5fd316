package studio.mammoth.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/** Gated feed-forward (as in Qwen): down(silu(gate(x)) * up(x)), (..., D) -> (..., D). */
public final class SwiGlu {
    private final Linear gateUp;
    private final Linear down;

    public SwiGlu(Parameters p, String name, int dim, int hidden) {
        this.gateUp = new Linear(p, name + ".gate_up", dim, 2 * hidden, false);
        this.down = new Linear(p, name + ".down", hidden, dim, false, 1.0 / Math.sqrt(hidden) / 2);
    }

    public NDArray forward(NDArray x) {
        NDList gu = gateUp.forward(x).split(2, x.getShape().dimension() - 1);
        NDArray gate = gu.get(0);
        return down.forward(gate.mul(gate.getNDArrayInternal().sigmoid()).mul(gu.get(1)));
    }

    /** Hidden width for a SwiGLU with about the parameters of a 4x GELU MLP, rounded to 16. */
    public static int hiddenFor(int dim) {
        return (dim * 8 / 3 + 15) / 16 * 16;
    }
}
