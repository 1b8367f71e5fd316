package studio.mammoth.model.align;

import ai.djl.ndarray.NDArray;

/**
 * What the DiT is conditioned on: tokens (B, C, Ddit) = [text tokens ; Q-Former queries] and which of them
 * may be attended, (B * C) — padding and, for the unconditional CFG branch or condition dropout, all of them.
 */
public record Condition(NDArray tokens, boolean[] blocked) {
    public int count() {
        return (int) tokens.getShape().get(1);
    }
}
