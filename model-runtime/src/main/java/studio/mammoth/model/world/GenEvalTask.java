package studio.mammoth.model.world;

/** GenEval's six tasks, with the size of each in the 553-prompt suite. */
public enum GenEvalTask {
    SINGLE_OBJECT("single_object", 80),
    TWO_OBJECT("two_object", 99),
    COUNTING("counting", 80),
    COLORS("colors", 94),
    POSITION("position", 100),
    COLOR_ATTR("color_attr", 100);

    private final String tag;
    private final int suiteSize;

    GenEvalTask(String tag, int suiteSize) {
        this.tag = tag;
        this.suiteSize = suiteSize;
    }

    /** The metadata "tag" ("single_object"). */
    public String tag() {
        return tag;
    }

    public int suiteSize() {
        return suiteSize;
    }

    public static GenEvalTask ofTag(String tag) {
        for (GenEvalTask t : values()) {
            if (t.tag.equals(tag)) {
                return t;
            }
        }
        return null;
    }
}
