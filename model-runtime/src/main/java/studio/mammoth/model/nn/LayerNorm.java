package studio.mammoth.model.nn;

import ai.djl.ndarray.NDArray;

/** Layer normalisation without learned affine over the last axis; adaLN supplies scale and shift instead. */
public final class LayerNorm {
    private LayerNorm() {
    }

    public static NDArray plain(NDArray x) {
        NDArray centred = x.sub(x.mean(new int[] {-1}, true));
        return centred.div(centred.square().mean(new int[] {-1}, true).add(1e-6f).sqrt());
    }
}
