package studio.mammoth.model.dit;

/** Sizes of the single-stream diffusion transformer. */
public record DitConfig(int width, int layers, int heads) {
    public static DitConfig standard() {
        return new DitConfig(128, 4, 4);
    }

    public static DitConfig tiny() {
        return new DitConfig(48, 2, 2);
    }
}
