package studio.mammoth.model.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/** Questions about a scene whose answers the scene graph fixes exactly, and the normalisation answers are compared under. */
public final class Questions {
    private Questions() {
    }

    /** A question of the type about the scene, or empty when the scene cannot pose it (no pair in one clear relation). */
    public static Optional<Question> ask(QuestionType type, Scene scene, SplittableRandom rng) {
        return switch (type) {
            case EXISTS -> Optional.of(exists(scene, rng));
            case COUNT -> Optional.of(count(scene, rng));
            case COLOR -> Optional.of(color(scene, rng));
            case RELATION -> relation(scene, rng);
            case CAPTION -> Optional.of(new Question(QuestionType.CAPTION, "describe the picture", Captions.canonical(scene)));
        };
    }

    private static Question exists(Scene scene, SplittableRandom rng) {
        int c;
        WardrobeColor color;
        if (rng.nextBoolean()) {
            Garment g = scene.garments().get(rng.nextInt(scene.garments().size()));
            c = g.classIndex();
            color = g.color();
        } else {
            c = rng.nextInt(Vocabulary.CLASS_NAMES.size());
            color = WardrobeWorld.randomColor(rng);
        }
        String phrase = color.word() + " " + Vocabulary.CLASS_NAMES.get(c);
        return new Question(QuestionType.EXISTS, "is there " + Vocabulary.article(phrase) + " " + phrase + " ?",
                scene.count(c, color) > 0 ? "yes" : "no");
    }

    private static Question count(Scene scene, SplittableRandom rng) {
        int c = rng.nextInt(4) > 0
                ? scene.garments().get(rng.nextInt(scene.garments().size())).classIndex()
                : rng.nextInt(Vocabulary.CLASS_NAMES.size());
        return new Question(QuestionType.COUNT, "how many " + Vocabulary.plural(c) + " are there ?", Vocabulary.NUMBERS.get(scene.count(c)));
    }

    private static Question color(Scene scene, SplittableRandom rng) {
        List<Garment> unique = new ArrayList<>();
        for (Garment g : scene.garments()) {
            if (scene.count(g.classIndex()) == 1) {
                unique.add(g);
            }
        }
        if (unique.isEmpty() || rng.nextInt(5) == 0) {
            return new Question(QuestionType.COLOR, "what color is the background ?", scene.background().word());
        }
        Garment g = unique.get(rng.nextInt(unique.size()));
        return new Question(QuestionType.COLOR, "what color is the " + g.className() + " ?", g.color().word());
    }

    private static Optional<Question> relation(Scene scene, SplittableRandom rng) {
        List<Garment> gs = scene.garments();
        List<int[]> clear = new ArrayList<>();
        for (int a = 0; a < gs.size(); a++) {
            for (int b = 0; b < gs.size(); b++) {
                if (a != b && unique(scene, gs.get(a)) && unique(scene, gs.get(b))
                        && Relation.between(gs.get(a).box(), gs.get(b).box()).size() == 1) {
                    clear.add(new int[] {a, b});
                }
            }
        }
        if (clear.isEmpty()) {
            return Optional.empty();
        }
        int[] pick = clear.get(rng.nextInt(clear.size()));
        Garment a = gs.get(pick[0]), b = gs.get(pick[1]);
        Set<Relation> rel = Relation.between(a.box(), b.box());
        return Optional.of(new Question(QuestionType.RELATION,
                "where is the " + a.phrase() + " relative to the " + b.phrase() + " ?", rel.iterator().next().phrase()));
    }

    private static boolean unique(Scene scene, Garment g) {
        return scene.count(g.classIndex(), g.color()) == 1;
    }

    /**
     * Answers compare after this: lower case, digits as number words, punctuation dropped, single spaces, a trailing
     * "background" kept — "Two." and "2" both become "two".
     */
    public static String normalise(String answer) {
        String s = answer.toLowerCase(Locale.ROOT).replaceAll("[.!?;:\"']", " ").replace(",", " , ");
        List<String> words = new ArrayList<>();
        for (String w : s.trim().split("\\s+")) {
            if (w.isEmpty()) {
                continue;
            }
            if (w.matches("\\d")) {
                int v = Integer.parseInt(w);
                w = v < Vocabulary.NUMBERS.size() ? Vocabulary.NUMBERS.get(v) : w;
            }
            words.add(w);
        }
        return String.join(" ", words);
    }
}
