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

/**
 * A picture encoded by the tokenizer and decoded again, either from its codes (as an AR would plan them) or from its
 * continuous latents (what the DiT renders in). Applied to the ground truth, it is what a perfect AR, or a perfect DiT,
 * would produce: the ceiling the tokenizer sets on that half of the model.
 */
public final class TokenizerRoundTrip {
    private final MammothTok tok;
    private final IntUnaryOperator planCode; // null: decode the continuous latents
    private final String name;

    private TokenizerRoundTrip(MammothTok tok, IntUnaryOperator planCode, String name) {
        this.tok = tok;
        this.planCode = planCode;
        this.name = name;
    }

    /** Through the codes, each mapped by {@code planCode} (the code the AR plans with in its place). */
    public static TokenizerRoundTrip throughCodes(MammothTok tok, IntUnaryOperator planCode) {
        return new TokenizerRoundTrip(tok, planCode, "the tokenizer's codes");
    }

    /** Through the codes merged as the standard AR merges them: for a tokenizer no generator was trained on yet. */
    public static TokenizerRoundTrip throughCodes(MammothTok tok) {
        int[] planCodes = tok.mergedCodes(ArConfig.standard().mergeCodes());
        return throughCodes(tok, c -> planCodes[c]);
    }

    public static TokenizerRoundTrip throughLatents(MammothTok tok) {
        return new TokenizerRoundTrip(tok, null, "the tokenizer's continuous latents");
    }

    /** What the picture goes through, e.g. "the tokenizer's codes". */
    public String name() {
        return name;
    }

    public RgbImage apply(RgbImage picture) {
        int side = tok.config().imageSize();
        try (NDManager request = DjlEngine.engine().newBaseManager()) {
            MammothTok.Encoded e = tok.encode(request.create(Pixels.of(picture), new Shape(1, 3, side, side)));
            NDArray latents = e.latents();
            if (planCode != null) {
                int[] codes = Arrays.stream(e.codes().toIntArray()).map(planCode).toArray();
                latents = tok.codeLatents(request.create(codes, new Shape(1, codes.length)));
            }
            return Pixels.read(tok.decode(latents).toFloatArray(), 0, side, side);
        }
    }
}
