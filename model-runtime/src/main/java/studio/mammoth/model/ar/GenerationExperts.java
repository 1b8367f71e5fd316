package studio.mammoth.model.ar;

import ai.djl.ndarray.NDArray;
import studio.mammoth.model.nn.Parameters;
import studio.mammoth.model.nn.SwiGlu;

/**
 * Modality-routed feed-forward of a deep AR layer: text positions use the original FFN, image-code positions
 * (routed by token id, not by a learned gate) use a second FFN of the same shape, the generation expert.
 * Both run on every position and the id mask selects — at 89 positions that is cheaper than gather/scatter.
 */
public final class GenerationExperts {
    private final SwiGlu understanding;
    private final SwiGlu generation;

    public GenerationExperts(Parameters p, String name, int width) {
        this.understanding = new SwiGlu(p, name + ".ffn", width, SwiGlu.hiddenFor(width));
        this.generation = new SwiGlu(p, name + ".gen_ffn", width, SwiGlu.hiddenFor(width));
    }

    /**
     * @param x      (B, T, D)
     * @param isCode (B, T, 1) 1 where the input token is an image code
     */
    public NDArray forward(NDArray x, NDArray isCode) {
        NDArray text = understanding.forward(x);
        NDArray image = generation.forward(x);
        return text.add(image.sub(text).mul(isCode));
    }
}
