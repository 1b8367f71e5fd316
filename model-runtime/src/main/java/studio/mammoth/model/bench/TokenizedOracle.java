package studio.mammoth.model.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.function.IntUnaryOperator;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.ar.ArConfig;
import studio.mammoth.model.engine.DjlEngine;
import studio.mammoth.model.tok.MammothTok;
import studio.mammoth.model.tok.Pixels;
import studio.mammoth.model.world.GenEvalPrompt;
import studio.mammoth.model.world.WardrobeWorld;

/**
 * The ground truth seen through the tokenizer: the world's render of each prompt encoded and decoded again, either from
 * its codes (as an AR would plan them) or from its continuous latents (what the DiT renders in). A perfect AR, or a
 * perfect DiT, would produce exactly this, so its GenEval score is the ceiling the tokenizer sets on that half of the
 * model.
 */
public final class TokenizedOracle implements PromptRenderer {
    private final OracleRenderer truth;
    private final MammothTok tok;
    private final IntUnaryOperator planCode; // null: decode the continuous latents
    private final String name;

    private TokenizedOracle(WardrobeWorld world, MammothTok tok, IntUnaryOperator planCode, String name) {
        this.truth = new OracleRenderer(world);
        this.tok = tok;
        this.planCode = planCode;
        this.name = name;
    }

    /** Through the codes, each mapped by {@code planCode} (the code the AR plans with in its place). */
    public static TokenizedOracle throughCodes(WardrobeWorld world, MammothTok tok, IntUnaryOperator planCode) {
        return new TokenizedOracle(world, tok, planCode, "oracle through the tokenizer's codes");
    }

    /** Through the codes merged as the standard AR merges them: the ceiling of a tokenizer no generator was trained on yet. */
    public static TokenizedOracle throughCodes(WardrobeWorld world, MammothTok tok) {
        int[] planCodes = tok.mergedCodes(ArConfig.standard().mergeCodes());
        return throughCodes(world, tok, c -> planCodes[c]);
    }

    /** Through the continuous latents. */
    public static TokenizedOracle throughLatents(WardrobeWorld world, MammothTok tok) {
        return new TokenizedOracle(world, tok, null, "oracle through the tokenizer's continuous latents");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RgbImage render(GenEvalPrompt prompt, long seed) {
        int side = tok.config().imageSize();
        try (NDManager request = DjlEngine.engine().newBaseManager()) {
            MammothTok.Encoded e = tok.encode(request.create(Pixels.of(truth.render(prompt, seed)), new Shape(1, 3, side, side)));
            NDArray latents = e.latents();
            if (planCode != null) {
                int[] codes = Arrays.stream(e.codes().toIntArray()).map(planCode).toArray();
                latents = tok.codeLatents(request.create(codes, new Shape(1, codes.length)));
            }
            return Pixels.read(tok.decode(latents).toFloatArray(), 0, side, side);
        }
    }
}
