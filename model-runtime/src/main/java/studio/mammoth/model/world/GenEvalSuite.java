package studio.mammoth.model.world;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The prompt suites: the built-in 553 prompts with GenEval's task sizes, and GenEval's metadata format (one JSON object a
 * line) for prompts of one's own.
 */
public final class GenEvalSuite {
    /** Seed of the built-in suite; changing it changes every published figure. */
    private static final long SUITE_SEED = 20261123L;

    private GenEvalSuite() {
    }

    /**
     * The built-in suite, deterministic: 80 single_object, 99 two_object, 80 counting, 94 colors, 100 position,
     * 100 color_attr. With ten garment classes the small tasks must repeat prompts: single_object holds each class 8
     * times and counting cycles its 30 (class, 2..4) pairs; the others draw distinct prompts while distinct ones remain
     * (two_object has 90 ordered pairs, so 9 repeat).
     */
    public static List<GenEvalPrompt> builtInSuite() {
        SplittableRandom rng = new SplittableRandom(SUITE_SEED);
        int classes = Vocabulary.CLASS_NAMES.size();
        List<GenEvalPrompt> suite = new ArrayList<>();
        for (int i = 0; i < GenEvalTask.SINGLE_OBJECT.suiteSize(); i++) {
            suite.add(GenEvalPrompt.singleObject(i % classes));
        }
        suite.addAll(draw(GenEvalTask.TWO_OBJECT.suiteSize(), 90, () -> {
            int a = rng.nextInt(classes), b = otherThan(rng, a, classes);
            return GenEvalPrompt.twoObject(a, b);
        }));
        for (int i = 0; i < GenEvalTask.COUNTING.suiteSize(); i++) {
            suite.add(GenEvalPrompt.counting(i % classes, 2 + (i / classes) % 3));
        }
        WardrobeColor[] colors = WardrobeColor.values();
        suite.addAll(draw(GenEvalTask.COLORS.suiteSize(), 100,
                () -> GenEvalPrompt.colors(rng.nextInt(classes), colors[rng.nextInt(colors.length)])));
        Relation[] relations = Relation.values();
        suite.addAll(draw(GenEvalTask.POSITION.suiteSize(), 360, () -> {
            int a = rng.nextInt(classes), b = otherThan(rng, a, classes);
            return GenEvalPrompt.position(a, relations[rng.nextInt(relations.length)], b);
        }));
        suite.addAll(draw(GenEvalTask.COLOR_ATTR.suiteSize(), 8100, () -> {
            int a = rng.nextInt(classes), b = otherThan(rng, a, classes);
            return GenEvalPrompt.colorAttr(a, colors[rng.nextInt(colors.length)], b, colors[rng.nextInt(colors.length)]);
        }));
        return List.copyOf(suite);
    }

    /** {@code n} prompts from the generator, distinct while fewer than {@code distinct} have been drawn. */
    private static List<GenEvalPrompt> draw(int n, int distinct, Supplier<GenEvalPrompt> generator) {
        Set<String> seen = new LinkedHashSet<>();
        List<GenEvalPrompt> out = new ArrayList<>();
        while (out.size() < n) {
            GenEvalPrompt p = generator.get();
            if (seen.size() >= distinct || seen.add(p.prompt())) {
                out.add(p);
            }
        }
        return out;
    }

    private static int otherThan(SplittableRandom rng, int a, int n) {
        int b = rng.nextInt(n - 1);
        return b >= a ? b + 1 : b;
    }

    /** A prompt file read leniently: the good lines, and one message per bad line naming its line number. */
    public record Parsed(List<GenEvalPrompt> prompts, List<Integer> lineNumbers, List<String> problems) {
    }

    public static Parsed read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<GenEvalPrompt> prompts = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                prompts.add(parse(line));
                numbers.add(i + 1);
            } catch (RuntimeException e) {
                problems.add(file.getFileName() + " line " + (i + 1) + ": " + e.getMessage() + " (line skipped)");
            }
        }
        return new Parsed(prompts, numbers, problems);
    }

    /** One line of GenEval metadata; throws IllegalArgumentException with a readable message when it is not valid. */
    public static GenEvalPrompt parse(String json) {
        JsonObject o;
        try {
            o = JsonParser.parseString(json).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String tag = string(o, "tag");
        GenEvalTask task = GenEvalTask.ofTag(tag);
        if (task == null) {
            throw new IllegalArgumentException("unknown tag '" + tag + "' (one of single_object, two_object, counting, colors, position, color_attr)");
        }
        String prompt = string(o, "prompt");
        if (!o.has("include") || !o.get("include").isJsonArray()) {
            throw new IllegalArgumentException("missing \"include\" array");
        }
        List<GenEvalPrompt.Include> include = new ArrayList<>();
        for (JsonElement e : o.getAsJsonArray("include")) {
            JsonObject inc = e.getAsJsonObject();
            int c = classOf(string(inc, "class"));
            int count = inc.has("count") ? inc.get("count").getAsInt() : 1;
            WardrobeColor color = null;
            if (inc.has("color")) {
                String word = string(inc, "color");
                color = WardrobeColor.ofWord(word);
                if (color == null) {
                    throw new IllegalArgumentException("unknown color '" + word + "' (" + suggestion(word) + "colors: "
                            + String.join(", ", Arrays.stream(WardrobeColor.values()).map(WardrobeColor::word).toList()) + ")");
                }
            }
            Relation relation = null;
            int target = -1;
            if (inc.has("position")) {
                JsonArray pos = inc.getAsJsonArray("position");
                relation = Relation.ofPhrase(pos.get(0).getAsString());
                if (relation == null) {
                    throw new IllegalArgumentException("unknown relation '" + pos.get(0).getAsString() + "' (left of, right of, above, below)");
                }
                target = pos.get(1).getAsInt();
            }
            include.add(new GenEvalPrompt.Include(c, count, color, relation, target));
        }
        List<GenEvalPrompt.Exclude> exclude = new ArrayList<>();
        if (o.has("exclude")) {
            for (JsonElement e : o.getAsJsonArray("exclude")) {
                JsonObject exc = e.getAsJsonObject();
                exclude.add(new GenEvalPrompt.Exclude(classOf(string(exc, "class")), exc.get("count").getAsInt()));
            }
        }
        return new GenEvalPrompt(task, include, exclude, prompt);
    }

    /** The prompt as one line of GenEval metadata. */
    public static JsonObject toJson(GenEvalPrompt p) {
        JsonObject o = new JsonObject();
        o.addProperty("tag", p.task().tag());
        JsonArray include = new JsonArray();
        for (GenEvalPrompt.Include inc : p.include()) {
            JsonObject j = new JsonObject();
            j.addProperty("class", Vocabulary.CLASS_NAMES.get(inc.classIndex()));
            j.addProperty("count", inc.count());
            if (inc.color() != null) {
                j.addProperty("color", inc.color().word());
            }
            if (inc.relation() != null) {
                JsonArray pos = new JsonArray();
                pos.add(inc.relation().phrase());
                pos.add(inc.target());
                j.add("position", pos);
            }
            include.add(j);
        }
        o.add("include", include);
        if (!p.exclude().isEmpty()) {
            JsonArray exclude = new JsonArray();
            for (GenEvalPrompt.Exclude exc : p.exclude()) {
                JsonObject j = new JsonObject();
                j.addProperty("class", Vocabulary.CLASS_NAMES.get(exc.classIndex()));
                j.addProperty("count", exc.count());
                exclude.add(j);
            }
            o.add("exclude", exclude);
        }
        o.addProperty("prompt", p.prompt());
        return o;
    }

    private static int classOf(String name) {
        int c = Vocabulary.classIndex(name);
        if (c < 0) {
            throw new IllegalArgumentException("unknown class '" + name + "' (did you mean '" + Vocabulary.closestClassName(name)
                    + "'? classes: " + String.join(", ", Vocabulary.CLASS_NAMES) + ")");
        }
        return c;
    }

    /** "did you mean 'red'? " when a color is within two edits of the word, else nothing. */
    private static String suggestion(String word) {
        for (WardrobeColor c : WardrobeColor.values()) {
            if (Vocabulary.editDistance(word, c.word()) <= 2) {
                return "did you mean '" + c.word() + "'? ";
            }
        }
        return "";
    }

    private static String string(JsonObject o, String key) {
        if (!o.has(key) || !o.get(key).isJsonPrimitive()) {
            throw new IllegalArgumentException("missing \"" + key + "\"");
        }
        return o.get(key).getAsString();
    }
}
