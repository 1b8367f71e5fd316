package studio.mammoth.model.ar;

/**
 * Sizes of the AR backbone.
 *
 * @param expertsFrom first layer (0-based) whose image-code positions use the generation-expert FFN;
 *                    the paper puts experts in the deeper half, so layers / 2
 */
public record ArConfig(int width, int layers, int heads, int expertsFrom) {
    public static ArConfig standard() {
        return new ArConfig(128, 4, 4, 2);
    }

    public static ArConfig tiny() {
        return new ArConfig(32, 2, 2, 1);
    }
}
