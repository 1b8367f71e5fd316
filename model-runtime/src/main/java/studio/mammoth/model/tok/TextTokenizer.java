package studio.mammoth.model.tok;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Word-level tokenizer over the world's vocabulary (a closed, small language: colours, garments, counts,
 * relations) plus the sequence's special tokens. A word it does not know is refused with the closest known one.
 */
public final class TextTokenizer {
    public static final String PAD = "<pad>";
    public static final String IMAGE_START = "<image>";
    public static final String IMAGE_END = "</image>";
    public static final String END_OF_ROW = "<eol>";
    public static final List<String> SPECIALS = List.of(PAD, IMAGE_START, IMAGE_END, END_OF_ROW);

    private final List<String> words = new ArrayList<>();
    private final Map<String, Integer> ids = new LinkedHashMap<>();
    private final int maxTokens;

    /** @param vocabulary known words (any order, duplicates ignored); specials come first, words sorted after them */
    public TextTokenizer(Collection<String> vocabulary, int maxTokens) {
        this.maxTokens = maxTokens;
        SPECIALS.forEach(this::add);
        new TreeSet<>(vocabulary).forEach(w -> add(w.toLowerCase(Locale.ROOT)));
    }

    private void add(String word) {
        if (!ids.containsKey(word)) {
            ids.put(word, words.size());
            words.add(word);
        }
    }

    public int size() {
        return words.size();
    }

    public int maxTokens() {
        return maxTokens;
    }

    public int id(String token) {
        Integer id = ids.get(token);
        if (id == null) {
            throw new IllegalArgumentException("no token " + token);
        }
        return id;
    }

    public String word(int id) {
        return words.get(id);
    }

    /** The plain words (no specials), for completion in the GUI and for the model card. */
    public List<String> vocabulary() {
        return words.subList(SPECIALS.size(), words.size());
    }

    /** Lower-cases and splits on anything that is not a letter, digit or hyphen; "?" and "," are words of their own. */
    public static List<String> split(String prompt) {
        List<String> out = new ArrayList<>();
        String spaced = prompt.toLowerCase(Locale.ROOT).replace("?", " ? ").replace(",", " , ");
        for (String w : spaced.split("[^a-z0-9?,-]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /**
     * Token ids of a prompt.
     *
     * @throws IllegalArgumentException empty, too long, or containing an unknown word (naming the closest known word)
     */
    public int[] encode(String prompt) {
        return encode(prompt, maxTokens);
    }

    /** As {@link #encode(String)} with another length limit (answers and captions the model writes). */
    public int[] encode(String prompt, int limit) {
        List<String> tokens = split(prompt == null ? "" : prompt);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("the prompt is empty: describe the picture, e.g. \"a photo of a red bag\"");
        }
        if (tokens.size() > limit) {
            throw new IllegalArgumentException("the prompt has " + tokens.size() + " words; the model reads at most " + limit);
        }
        int[] out = new int[tokens.size()];
        for (int i = 0; i < out.length; i++) {
            String w = tokens.get(i);
            Integer id = ids.get(w);
            if (id == null || id < SPECIALS.size()) {
                throw new IllegalArgumentException("unknown word \"" + w + "\" — did you mean \"" + closest(w) + "\"?");
            }
            out[i] = id;
        }
        return out;
    }

    /** The known word with the smallest edit distance (ties: the first in sorted order). */
    public String closest(String word) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : vocabulary()) {
            int d = editDistance(word, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best;
    }

    /** Optimal-string-alignment distance: insert, delete, substitute, or swap two neighbours ("bga" -> "bag" is 1). */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
