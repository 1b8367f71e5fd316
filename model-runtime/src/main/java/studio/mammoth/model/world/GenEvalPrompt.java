package studio.mammoth.model.world;

import java.util.List;

/**
 * One GenEval prompt with its metadata, as in GenEval's evaluation_metadata.jsonl.
 *
 * @param task    the tag
 * @param include objects that must be found (at least count of each, with color and position when given)
 * @param exclude objects of which fewer than count may be found
 * @param prompt  the text given to the model
 */
public record GenEvalPrompt(GenEvalTask task, List<Include> include, List<Exclude> exclude, String prompt) {
    public GenEvalPrompt {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        if (include.isEmpty()) {
            throw new IllegalArgumentException("a GenEval prompt needs at least one include");
        }
        for (Include inc : include) {
            if (inc.relation() != null && (inc.target() < 0 || inc.target() >= include.size() || inc.target() == include.indexOf(inc))) {
                throw new IllegalArgumentException("position target " + inc.target() + " is not another include of this prompt");
            }
        }
    }

    /**
     * @param classIndex garment class
     * @param count      at least this many
     * @param color      the asked color, or null
     * @param relation   the asked relation to include[target], or null
     * @param target     index into include, or -1
     */
    public record Include(int classIndex, int count, WardrobeColor color, Relation relation, int target) {
        public Include {
            if (classIndex < 0 || classIndex >= Vocabulary.CLASS_NAMES.size() || count < 1) {
                throw new IllegalArgumentException("include of class " + classIndex + " count " + count);
            }
        }

        public static Include of(int classIndex, int count) {
            return new Include(classIndex, count, null, null, -1);
        }
    }

    /** Fails the image when at least count objects of the class are found. */
    public record Exclude(int classIndex, int count) {
    }

    public static GenEvalPrompt singleObject(int c) {
        return new GenEvalPrompt(GenEvalTask.SINGLE_OBJECT, List.of(Include.of(c, 1)), List.of(), "a photo of " + a(name(c)));
    }

    public static GenEvalPrompt twoObject(int c1, int c2) {
        return new GenEvalPrompt(GenEvalTask.TWO_OBJECT, List.of(Include.of(c1, 1), Include.of(c2, 1)), List.of(),
                "a photo of " + a(name(c1)) + " and " + a(name(c2)));
    }

    public static GenEvalPrompt counting(int c, int n) {
        return new GenEvalPrompt(GenEvalTask.COUNTING, List.of(Include.of(c, n)), List.of(new Exclude(c, n + 1)),
                "a photo of " + Vocabulary.NUMBERS.get(n) + " " + Vocabulary.plural(c));
    }

    public static GenEvalPrompt colors(int c, WardrobeColor color) {
        return new GenEvalPrompt(GenEvalTask.COLORS, List.of(new Include(c, 1, color, null, -1)), List.of(),
                "a photo of " + a(color.word() + " " + name(c)));
    }

    /** "a photo of a {obj2} {relation} a {obj1}": obj2 stands in the relation to obj1. */
    public static GenEvalPrompt position(int obj1, Relation relation, int obj2) {
        return new GenEvalPrompt(GenEvalTask.POSITION, List.of(Include.of(obj1, 1), new Include(obj2, 1, null, relation, 0)), List.of(),
                "a photo of " + a(name(obj2)) + " " + relation.phrase() + " " + a(name(obj1)));
    }

    public static GenEvalPrompt colorAttr(int c1, WardrobeColor color1, int c2, WardrobeColor color2) {
        return new GenEvalPrompt(GenEvalTask.COLOR_ATTR,
                List.of(new Include(c1, 1, color1, null, -1), new Include(c2, 1, color2, null, -1)), List.of(),
                "a photo of " + a(color1.word() + " " + name(c1)) + " and " + a(color2.word() + " " + name(c2)));
    }

    private static String name(int c) {
        return Vocabulary.CLASS_NAMES.get(c);
    }

    private static String a(String phrase) {
        return Vocabulary.article(phrase) + " " + phrase;
    }
}
