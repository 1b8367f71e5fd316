package studio.mammoth.model.world;

import java.util.Locale;

/** CLEVR-style question families with short answers. */
public enum QuestionType {
    EXISTS, COUNT, COLOR, RELATION, CAPTION;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
