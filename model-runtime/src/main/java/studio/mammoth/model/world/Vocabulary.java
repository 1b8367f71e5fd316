package studio.mammoth.model.world;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import studio.mammoth.common.data.FashionMnist;

/**
 * Every word the wardrobe world writes: garment names and plurals, colors, number words, relations and the words of
 * prompts, captions, edit instructions, questions and answers. The model's text tokenizer is built from {@link #words()},
 * so the order is fixed (append new words at the end of a group, never reorder).
 */
public final class Vocabulary {
    public static final List<String> CLASS_NAMES = FashionMnist.CLASS_NAMES;
    public static final List<String> PLURALS = List.of(
            "t-shirts", "trousers", "pullovers", "dresses", "coats", "sandals", "shirts", "sneakers", "bags", "ankle boots");
    /** Number words by value; prompts count two to four, answers also say zero and one. */
    public static final List<String> NUMBERS = List.of("zero", "one", "two", "three", "four");

    private static final List<String> FUNCTION_WORDS = List.of(
            "a", "an", "the", "photo", "of", "and", "on", "with", "background", "left", "right", "above", "below",
            // edit instructions
            "add", "remove", "replace", "make", "change", "color", "to", "move", "extract", "put", "plain", "alone",
            // questions and answers
            "is", "there", "how", "many", "are", "what", "where", "relative", "describe", "picture", "yes", "no",
            "?", ",");

    private static final List<String> WORDS = build();

    private Vocabulary() {
    }

    private static List<String> build() {
        Set<String> words = new LinkedHashSet<>();
        for (String phrase : CLASS_NAMES) {
            words.addAll(split(phrase));
        }
        for (String phrase : PLURALS) {
            words.addAll(split(phrase));
        }
        for (WardrobeColor c : WardrobeColor.values()) {
            words.add(c.word());
        }
        words.addAll(NUMBERS);
        for (Relation r : Relation.values()) {
            words.addAll(split(r.phrase()));
        }
        words.addAll(FUNCTION_WORDS);
        return List.copyOf(words);
    }

    /** The complete ordered word list, without duplicates ("ankle boot" contributes "ankle" and "boot"). */
    public static List<String> words() {
        return WORDS;
    }

    public static boolean contains(String word) {
        return WORDS.contains(word);
    }

    /** Lower-cased words of a text; "?" and "," become words of their own. */
    public static List<String> tokenize(String text) {
        String spaced = text.toLowerCase(Locale.ROOT).replace("?", " ? ").replace(",", " , ");
        List<String> out = new ArrayList<>();
        for (String w : spaced.trim().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /** The known word nearest to {@code word} by edit distance (for "unknown word 'sneeker', did you mean 'sneaker'?"). */
    public static String closest(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        String best = WORDS.get(0);
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : WORDS) {
            int d = editDistance(w, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best;
    }

    /** Class index of a singular or plural garment name ("bag", "bags", "ankle boot"), or -1. */
    public static int classIndex(String name) {
        String n = name.toLowerCase(Locale.ROOT).trim();
        int i = CLASS_NAMES.indexOf(n);
        return i >= 0 ? i : PLURALS.indexOf(n);
    }

    /** The garment name (singular or plural) nearest to {@code name}, for error messages. */
    public static String closestClassName(String name) {
        String best = CLASS_NAMES.get(0);
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : CLASS_NAMES) {
            int d = editDistance(name.toLowerCase(Locale.ROOT), candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best;
    }

    public static String plural(int classIndex) {
        return PLURALS.get(classIndex);
    }

    /** "a" or "an" before {@code word}. */
    public static String article(String word) {
        return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }

    /** "a bag", "an ankle boot", "two bags". */
    public static String counted(int count, String singular, String plural) {
        return count == 1 ? article(singular) + " " + singular : NUMBERS.get(count) + " " + plural;
    }

    private static List<String> split(String phrase) {
        return List.of(phrase.split(" "));
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
