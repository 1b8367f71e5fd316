package studio.mammoth.model.ar;

/**
 * Sizes of the AR backbone.
 *
 * @param expertsFrom first layer (0-based) whose image-code positions use the generation-expert FFN;
 *                    the paper puts experts in the deeper half, so layers / 2
 * @param mergeCodes  the AR plans with near-duplicate tokenizer codes merged (cosine at least this, see
 *                    {@code MammothTok.mergedCodes}); 0 = plan with the raw codes. At 0.95 the shipped tokenizer's 512 codes
 *                    form 327 plan codes and the decode of merged codes loses 0.6 dB (24.10 -> 23.47 dB on 64 world
 *                    pictures), while a flat background stops being 7-17 arbitrary codes. Headers written before it read 0.
 */
public record ArConfig(int width, int layers, int heads, int expertsFrom, double mergeCodes) {
    public ArConfig {
        if (mergeCodes < 0 || mergeCodes > 1) {
            throw new IllegalArgumentException("mergeCodes is a cosine in [0, 1] (0 = off), got " + mergeCodes);
        }
    }

    /** The shipped generator's AR size (also the command line's default). */
    public static final int STANDARD_WIDTH = 128;
    public static final int STANDARD_LAYERS = 4;

    public static ArConfig standard() {
        return sized(STANDARD_WIDTH, STANDARD_LAYERS);
    }

    /** The standard design at another size: heads of width 32, experts in the deeper half, merged plan codes. */
    public static ArConfig sized(int width, int layers) {
        if (width < 32 || width % 32 != 0 || layers < 2) {
            throw new IllegalArgumentException("the AR needs a width that is a multiple of 32 and at least 2 layers, got width "
                    + width + " and " + layers + " layers");
        }
        return new ArConfig(width, layers, width / 32, layers / 2, 0.95);
    }

    public static ArConfig tiny() {
        return new ArConfig(32, 2, 2, 1, 0);
    }
}
