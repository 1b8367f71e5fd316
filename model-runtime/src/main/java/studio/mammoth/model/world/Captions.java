package studio.mammoth.model.world;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/** Text that describes a whole scene. */
public final class Captions {
    private Captions() {
    }

    /**
     * The one caption a reader of the picture can reproduce exactly (the VQA caption answer): garments left to right
     * (top to bottom on ties), identical ones counted, then the background — "two red bags and a blue sneaker on a white
     * background".
     */
    public static String canonical(Scene scene) {
        List<Garment> ordered = new ArrayList<>(scene.garments());
        ordered.sort(Comparator.comparingInt((Garment g) -> g.box().x0()).thenComparingInt(g -> g.box().y0()));
        Map<String, int[]> groups = new LinkedHashMap<>();
        for (Garment g : ordered) {
            groups.computeIfAbsent(g.color().word() + "|" + g.classIndex(), k -> new int[1])[0]++;
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, int[]> e : groups.entrySet()) {
            String[] key = e.getKey().split("\\|");
            int c = Integer.parseInt(key[1]);
            parts.add(Vocabulary.counted(e.getValue()[0], key[0] + " " + Vocabulary.CLASS_NAMES.get(c), key[0] + " " + Vocabulary.plural(c)));
        }
        return list(parts) + " on " + background(scene.background());
    }

    /**
     * A varied caption for training: the canonical listing in a random order, a relation between two garments when one
     * holds unambiguously ("a red bag left of a blue sneaker on a white background"), or the background first.
     */
    public static String rich(Scene scene, SplittableRandom rng) {
        List<Garment> gs = scene.garments();
        int style = rng.nextInt(3);
        if (style == 0 && gs.size() == 2) {
            Set<Relation> rel = Relation.between(gs.get(0).box(), gs.get(1).box());
            if (rel.size() == 1) {
                return phrase(gs.get(0)) + " " + rel.iterator().next().phrase() + " " + phrase(gs.get(1)) + " on " + background(scene.background());
            }
        }
        List<String> parts = new ArrayList<>();
        List<Garment> shuffled = new ArrayList<>(gs);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            java.util.Collections.swap(shuffled, i, rng.nextInt(i + 1));
        }
        for (Garment g : shuffled) {
            parts.add(phrase(g));
        }
        if (style == 1) {
            return background(scene.background()) + " with " + list(parts);
        }
        return list(parts) + " on " + background(scene.background());
    }

    /** "a red bag", "an orange coat". */
    public static String phrase(Garment g) {
        return Vocabulary.article(g.color().word()) + " " + g.phrase();
    }

    /** "a white background". */
    public static String background(WardrobeColor color) {
        return Vocabulary.article(color.word()) + " " + color.word() + " background";
    }

    /** "x", "x and y", "x, y and z" (the tokenizers split the comma off as its own word). */
    static String list(List<String> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }
}
