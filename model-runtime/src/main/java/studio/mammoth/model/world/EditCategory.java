package studio.mammoth.model.world;

import java.util.Locale;

/** ImgEdit's categories that the wardrobe world can state exactly (style and action need render styles and poses it lacks). */
public enum EditCategory {
    ADD, REMOVE, REPLACE, ADJUST, BACKGROUND, MOVE, EXTRACT, HYBRID;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
