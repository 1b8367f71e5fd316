package studio.mammoth.model.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.judge.Detection;
import studio.mammoth.model.judge.Judge;
import studio.mammoth.model.judge.JudgedImage;
import studio.mammoth.model.world.Captions;
import studio.mammoth.model.world.Garment;
import studio.mammoth.model.world.Relation;
import studio.mammoth.model.world.Scene;
import studio.mammoth.model.world.Vocabulary;
import studio.mammoth.model.world.WardrobeColor;

/**
 * Answers the world's questions by reading the picture with the judge (no scene graph): the VQA oracle, which shows the
 * questions are answerable from pixels and that the judge reads them right. Questions outside the world's grammar get
 * "unknown".
 */
public final class JudgeAnswerer implements Answerer {
    private static final String COLOR = "(red|orange|yellow|green|blue|purple|pink|brown|black|white)";
    private static final Pattern EXISTS = Pattern.compile("is there an? " + COLOR + " (.+) \\?");
    private static final Pattern COUNT = Pattern.compile("how many (.+) are there \\?");
    private static final Pattern COLOR_OF = Pattern.compile("what color is the (.+) \\?");
    private static final Pattern WHERE = Pattern.compile("where is the " + COLOR + " (.+) relative to the " + COLOR + " (.+) \\?");

    private final Judge judge;

    public JudgeAnswerer(Judge judge) {
        this.judge = judge;
    }

    @Override
    public String name() {
        return "judge";
    }

    @Override
    public String answer(RgbImage image, String question) {
        return answer(judge.judge(image), question);
    }

    /** The answer from what the judge saw (lets the benchmark judge pictures in batches). */
    public static String answer(JudgedImage seen, String question) {
        String q = String.join(" ", Vocabulary.tokenize(question));
        List<Detection> kept = new ArrayList<>();
        for (Detection d : seen.detections()) {
            if (d.confidence() > GenEvalScorer.THRESHOLD) {
                kept.add(d);
            }
        }
        Matcher m;
        if ((m = EXISTS.matcher(q)).matches()) {
            WardrobeColor color = WardrobeColor.ofWord(m.group(1));
            int c = Vocabulary.classIndex(m.group(2));
            return kept.stream().anyMatch(d -> d.classIndex() == c && d.color() == color) ? "yes" : "no";
        }
        if ((m = COUNT.matcher(q)).matches()) {
            int c = Vocabulary.classIndex(m.group(1));
            long n = kept.stream().filter(d -> d.classIndex() == c).count();
            return n < Vocabulary.NUMBERS.size() ? Vocabulary.NUMBERS.get((int) n) : String.valueOf(n);
        }
        if ((m = COLOR_OF.matcher(q)).matches()) {
            if (m.group(1).equals("background")) {
                return seen.background().word();
            }
            int c = Vocabulary.classIndex(m.group(1));
            return kept.stream().filter(d -> d.classIndex() == c).findFirst().map(d -> d.color().word()).orElse("unknown");
        }
        if ((m = WHERE.matcher(q)).matches()) {
            Detection a = find(kept, m.group(1), m.group(2)), b = find(kept, m.group(3), m.group(4));
            if (a == null || b == null) {
                return "unknown";
            }
            Set<Relation> rel = Relation.between(a.box(), b.box());
            return rel.size() == 1 ? rel.iterator().next().phrase() : "unknown";
        }
        if (q.equals("describe the picture")) {
            return Captions.canonical(asScene(seen, kept));
        }
        return "unknown";
    }

    private static Detection find(List<Detection> kept, String color, String name) {
        int c = Vocabulary.classIndex(name);
        WardrobeColor col = WardrobeColor.ofWord(color);
        return kept.stream().filter(d -> d.classIndex() == c && d.color() == col).findFirst().orElse(null);
    }

    /** What was seen, as a scene graph for the caption writer (exemplar -1: not drawn from the world). */
    private static Scene asScene(JudgedImage seen, List<Detection> kept) {
        List<Garment> garments = new ArrayList<>();
        for (Detection d : kept) {
            garments.add(new Garment(d.classIndex(), d.color(), -1, 0, d.box().x0(), d.box().y0(), d.box()));
        }
        return new Scene(seen.background(), garments);
    }
}
