package studio.mammoth.model.bench;

import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.world.GenEvalPrompt;

/** Text to image, as the GenEval benchmark sees it: the oracle now, the model later. Must be deterministic in the seed. */
public interface PromptRenderer {
    /** A short name for reports ("oracle", "model"). */
    String name();

    /** A 64x64 picture for the prompt. */
    RgbImage render(GenEvalPrompt prompt, long seed);
}
