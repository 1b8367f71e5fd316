package studio.mammoth.model.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import studio.mammoth.model.judge.Detection;
import studio.mammoth.model.judge.JudgedImage;
import studio.mammoth.model.world.GenEvalPrompt;
import studio.mammoth.model.world.GenEvalTask;
import studio.mammoth.model.world.Relation;
import studio.mammoth.model.world.Vocabulary;
import studio.mammoth.model.world.WardrobeColor;

/**
 * GenEval's image verdict (evaluation/evaluate_images.py: evaluate_image + evaluate), rule for rule:
 * <ul>
 * <li>detections with confidence above 0.3 are kept (above 0.9 for counting prompts), at most 16 a class, most confident
 * first;</li>
 * <li>an include of count N takes the N most confident detections of its class and fails with fewer;</li>
 * <li>color: at least N of those N must have the asked color;</li>
 * <li>position (only when the include matched so far): every one of them must stand in the relation to every object of
 * the target include, which must itself have matched ({@link Relation#between});</li>
 * <li>an exclude of count N fails the image when N or more detections of its class are kept.</li>
 * </ul>
 */
public final class GenEvalScorer {
    public static final double THRESHOLD = 0.3;
    public static final double COUNTING_THRESHOLD = 0.9;
    public static final int MAX_OBJECTS = 16;

    /**
     * Whether the image is correct, and why not.
     *
     * @param checks the prompt's checks: per include its class count, its color and its relation when asked; per exclude one
     * @param passed how many of them held (a check that could not be made because an earlier one of its include failed did not)
     */
    public record Verdict(boolean correct, List<String> reasons, int checks, int passed) {
        /** The fraction of the prompt's checks that held: partial credit, e.g. a reward for training. */
        public double credit() {
            return (double) passed / checks;
        }
    }

    private GenEvalScorer() {
    }

    public static Verdict score(GenEvalPrompt prompt, JudgedImage image) {
        double threshold = prompt.task() == GenEvalTask.COUNTING ? COUNTING_THRESHOLD : THRESHOLD;
        Map<Integer, List<Detection>> byClass = new HashMap<>();
        for (Detection d : image.detections()) {
            if (d.confidence() > threshold) {
                byClass.computeIfAbsent(d.classIndex(), k -> new ArrayList<>()).add(d);
            }
        }
        for (List<Detection> list : byClass.values()) {
            list.sort((a, b) -> Double.compare(b.confidence(), a.confidence()));
            if (list.size() > MAX_OBJECTS) {
                list.subList(MAX_OBJECTS, list.size()).clear();
            }
        }
        boolean correct = true;
        List<String> reasons = new ArrayList<>();
        int checks = prompt.exclude().size();
        int failed = 0;
        List<List<Detection>> matchedGroups = new ArrayList<>();
        for (GenEvalPrompt.Include req : prompt.include()) {
            String name = Vocabulary.CLASS_NAMES.get(req.classIndex());
            List<Detection> all = byClass.getOrDefault(req.classIndex(), List.of());
            List<Detection> found = all.subList(0, Math.min(req.count(), all.size()));
            boolean matched = true;
            int colorAndRelation = (req.color() != null ? 1 : 0) + (req.relation() != null ? 1 : 0);
            checks += 1 + colorAndRelation;
            if (found.size() < req.count()) {
                failed += 1 + colorAndRelation;
                correct = matched = false;
                reasons.add("expected " + name + ">=" + req.count() + ", found " + found.size());
            } else {
                if (req.color() != null) {
                    long right = found.stream().filter(d -> d.color() == req.color()).count();
                    if (right < req.count()) {
                        failed += colorAndRelation; // the color, and the relation that is then not looked at
                        correct = matched = false;
                        reasons.add("expected " + req.color().word() + " " + name + ">=" + req.count() + ", found " + right + " "
                                + req.color().word() + "; and " + colorCounts(found));
                    }
                }
                if (req.relation() != null && matched) {
                    List<Detection> targets = matchedGroups.size() > req.target() ? matchedGroups.get(req.target()) : null;
                    if (targets == null) {
                        failed++;
                        correct = matched = false;
                        reasons.add("no target for " + name + " to be " + req.relation().phrase());
                    } else {
                        outer:
                        for (Detection obj : found) {
                            for (Detection target : targets) {
                                Set<Relation> rels = Relation.between(obj.box(), target.box());
                                if (!rels.contains(req.relation())) {
                                    failed++;
                                    correct = matched = false;
                                    reasons.add("expected " + name + " " + req.relation().phrase() + " target, found "
                                            + (rels.isEmpty() ? "no relation to" : rels.stream().map(Relation::phrase).collect(Collectors.joining(" and ")))
                                            + " target");
                                    break outer;
                                }
                            }
                        }
                    }
                }
            }
            matchedGroups.add(matched ? found : null);
        }
        for (GenEvalPrompt.Exclude req : prompt.exclude()) {
            int n = byClass.getOrDefault(req.classIndex(), List.of()).size();
            if (n >= req.count()) {
                failed++;
                correct = false;
                reasons.add("expected " + Vocabulary.CLASS_NAMES.get(req.classIndex()) + "<" + req.count() + ", found " + n);
            }
        }
        return new Verdict(correct, reasons, checks, checks - failed);
    }

    private static String colorCounts(List<Detection> found) {
        List<String> parts = new ArrayList<>();
        for (WardrobeColor c : WardrobeColor.values()) {
            long n = found.stream().filter(d -> d.color() == c).count();
            if (n > 0) {
                parts.add(n + " " + c.word());
            }
        }
        return String.join(", ", parts);
    }
}
