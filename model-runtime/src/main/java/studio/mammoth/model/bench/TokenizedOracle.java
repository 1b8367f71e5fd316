package studio.mammoth.model.bench;

import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.world.GenEvalPrompt;
import studio.mammoth.model.world.WardrobeWorld;

/**
 * The ground truth seen through the tokenizer ({@link TokenizerRoundTrip}): the world's render of each prompt encoded and
 * decoded again. Its GenEval score is the ceiling the tokenizer sets on the AR's plans (codes) or the DiT (latents).
 */
public final class TokenizedOracle implements PromptRenderer {
    private final OracleRenderer truth;
    private final TokenizerRoundTrip roundTrip;

    public TokenizedOracle(WardrobeWorld world, TokenizerRoundTrip roundTrip) {
        this.truth = new OracleRenderer(world);
        this.roundTrip = roundTrip;
    }

    @Override
    public String name() {
        return "oracle through " + roundTrip.name();
    }

    @Override
    public RgbImage render(GenEvalPrompt prompt, long seed) {
        return roundTrip.apply(truth.render(prompt, seed));
    }
}
