package studio.mammoth.model.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.mammoth.model.bench.Detections.of;
import static studio.mammoth.model.bench.Detections.seen;

import java.util.List;
import org.junit.jupiter.api.Test;
import studio.mammoth.model.world.GenEvalPrompt;
import studio.mammoth.model.world.GenEvalTask;
import studio.mammoth.model.world.Relation;
import studio.mammoth.model.world.Vocabulary;
import studio.mammoth.model.world.WardrobeColor;

/** Every GenEval rule against hand-built detections (no classifier involved). */
class GenEvalScorerTest {
    private static final int BAG = Vocabulary.classIndex("bag");
    private static final int COAT = Vocabulary.classIndex("coat");
    private static final int SNEAKER = Vocabulary.classIndex("sneaker");

    private static boolean correct(GenEvalPrompt p, studio.mammoth.model.judge.JudgedImage image) {
        return GenEvalScorer.score(p, image).correct();
    }

    @Test
    void singleObjectNeedsConfidenceAboveThreshold() {
        GenEvalPrompt p = GenEvalPrompt.singleObject(BAG);
        assertTrue(correct(p, seen(of("bag", 0.31, 30, 30))));
        assertFalse(correct(p, seen(of("bag", 0.30, 30, 30))), "0.3 itself is not above the threshold");
        assertFalse(correct(p, seen(of("coat", 0.99, 30, 30))));
        assertEquals(List.of("expected bag>=1, found 0"), GenEvalScorer.score(p, seen()).reasons());
        assertTrue(correct(p, seen(of("coat", 0.99, 10, 10), of("bag", 0.8, 40, 40))), "other objects are allowed");
    }

    @Test
    void twoObjectNeedsBoth() {
        GenEvalPrompt p = GenEvalPrompt.twoObject(BAG, COAT);
        assertTrue(correct(p, seen(of("bag", 0.9, 10, 10), of("coat", 0.9, 40, 40))));
        assertFalse(correct(p, seen(of("bag", 0.9, 10, 10), of("bag", 0.9, 40, 40))));
    }

    @Test
    void countingUsesTheHighThresholdAndTheExclude() {
        GenEvalPrompt three = GenEvalPrompt.counting(BAG, 3);
        assertEquals(GenEvalTask.COUNTING, three.task());
        assertTrue(correct(three, seen(of("bag", 0.95, 10, 10), of("bag", 0.95, 30, 10), of("bag", 0.91, 50, 10))));
        assertFalse(correct(three, seen(of("bag", 0.95, 10, 10), of("bag", 0.95, 30, 10), of("bag", 0.9, 50, 10))),
                "a detection at 0.9 does not count for counting");
        assertFalse(correct(three, seen(of("bag", 0.95, 10, 10), of("bag", 0.95, 30, 10))));
        var four = seen(of("bag", 0.95, 10, 10), of("bag", 0.95, 30, 10), of("bag", 0.95, 50, 10), of("bag", 0.95, 30, 40));
        GenEvalScorer.Verdict v = GenEvalScorer.score(three, four);
        assertFalse(v.correct(), "four bags hit the exclude of count 4");
        assertEquals(List.of("expected bag<4, found 4"), v.reasons());
        var threeAndAWeakFourth = seen(of("bag", 0.95, 10, 10), of("bag", 0.95, 30, 10), of("bag", 0.95, 50, 10), of("bag", 0.6, 30, 40));
        assertTrue(correct(three, threeAndAWeakFourth), "the exclude counts only detections above the counting threshold");
    }

    @Test
    void excludeOnANonCountingPromptUsesTheLowThreshold() {
        GenEvalPrompt p = new GenEvalPrompt(GenEvalTask.SINGLE_OBJECT, List.of(GenEvalPrompt.Include.of(BAG, 1)),
                List.of(new GenEvalPrompt.Exclude(BAG, 2)), "a photo of a bag");
        assertFalse(correct(p, seen(of("bag", 0.9, 10, 10), of("bag", 0.4, 40, 40))));
        assertTrue(correct(p, seen(of("bag", 0.9, 10, 10), of("bag", 0.3, 40, 40))));
    }

    @Test
    void colorIsCheckedOnTheMostConfidentDetections() {
        GenEvalPrompt p = GenEvalPrompt.colors(BAG, WardrobeColor.RED);
        assertTrue(correct(p, seen(of("bag", 0.9, WardrobeColor.RED, 30, 30))));
        GenEvalScorer.Verdict blue = GenEvalScorer.score(p, seen(of("bag", 0.9, WardrobeColor.BLUE, 30, 30)));
        assertFalse(blue.correct());
        assertEquals(List.of("expected red bag>=1, found 0 red; and 1 blue"), blue.reasons());
        // GenEval colors only the N most confident detections of the class: a less confident red bag does not help.
        assertFalse(correct(p, seen(of("bag", 0.9, WardrobeColor.BLUE, 10, 10), of("bag", 0.5, WardrobeColor.RED, 40, 40))));
        assertTrue(correct(p, seen(of("bag", 0.5, WardrobeColor.BLUE, 10, 10), of("bag", 0.9, WardrobeColor.RED, 40, 40))));
    }

    @Test
    void colorAttributionBindsEachColorToItsObject() {
        GenEvalPrompt p = GenEvalPrompt.colorAttr(BAG, WardrobeColor.RED, SNEAKER, WardrobeColor.BLUE);
        assertTrue(correct(p, seen(of("bag", 0.9, WardrobeColor.RED, 10, 10), of("sneaker", 0.9, WardrobeColor.BLUE, 40, 40))));
        assertFalse(correct(p, seen(of("bag", 0.9, WardrobeColor.BLUE, 10, 10), of("sneaker", 0.9, WardrobeColor.RED, 40, 40))));
    }

    @Test
    void positionOnBothSidesOfTheThreshold() {
        GenEvalPrompt p = GenEvalPrompt.position(COAT, Relation.RIGHT_OF, BAG); // "a bag right of a coat"
        assertEquals("a photo of a bag right of a coat", p.prompt());
        // 10 px boxes: shrink 2 px. Offset 5: (5-2)/5 = 0.6 > 0.5, right of. Offset 4: 2/4 = 0.5, not above the cut.
        assertTrue(correct(p, seen(of("coat", 0.9, 30, 30), of("bag", 0.9, 35, 30))));
        assertFalse(correct(p, seen(of("coat", 0.9, 30, 30), of("bag", 0.9, 34, 30))));
        GenEvalScorer.Verdict left = GenEvalScorer.score(p, seen(of("coat", 0.9, 30, 30), of("bag", 0.9, 10, 30)));
        assertEquals(List.of("expected bag right of target, found left of target"), left.reasons());
        // y points down: a bag drawn lower is below.
        GenEvalPrompt below = GenEvalPrompt.position(COAT, Relation.BELOW, BAG);
        assertTrue(correct(below, seen(of("coat", 0.9, 30, 10), of("bag", 0.9, 30, 50))));
        assertFalse(correct(below, seen(of("coat", 0.9, 30, 50), of("bag", 0.9, 30, 10))));
    }

    @Test
    void positionNeedsItsTargetMatched() {
        GenEvalPrompt p = GenEvalPrompt.position(COAT, Relation.RIGHT_OF, BAG);
        GenEvalScorer.Verdict v = GenEvalScorer.score(p, seen(of("bag", 0.9, 35, 30)));
        assertFalse(v.correct());
        assertEquals(List.of("expected coat>=1, found 0", "no target for bag to be right of"), v.reasons());
    }

    @Test
    void everyFoundObjectMustSatisfyTheRelationWithEveryTarget() {
        GenEvalPrompt p = new GenEvalPrompt(GenEvalTask.POSITION, List.of(GenEvalPrompt.Include.of(COAT, 1),
                new GenEvalPrompt.Include(BAG, 2, null, Relation.RIGHT_OF, 0)), List.of(), "two bags right of a coat");
        assertTrue(correct(p, seen(of("coat", 0.9, 10, 30), of("bag", 0.9, 35, 20), of("bag", 0.9, 50, 40))));
        assertFalse(correct(p, seen(of("coat", 0.9, 30, 30), of("bag", 0.9, 50, 30), of("bag", 0.8, 10, 30))));
    }

    @Test
    void creditCountsTheChecksThatHeld() {
        GenEvalPrompt p = GenEvalPrompt.colorAttr(BAG, WardrobeColor.RED, SNEAKER, WardrobeColor.BLUE); // 2 classes + 2 colors
        GenEvalScorer.Verdict right = GenEvalScorer.score(p, seen(of("bag", 0.9, WardrobeColor.RED, 10, 10), of("sneaker", 0.9, WardrobeColor.BLUE, 40, 40)));
        assertEquals(4, right.checks());
        assertEquals(1.0, right.credit());
        GenEvalScorer.Verdict swapped = GenEvalScorer.score(p, seen(of("bag", 0.9, WardrobeColor.BLUE, 10, 10), of("sneaker", 0.9, WardrobeColor.BLUE, 40, 40)));
        assertEquals(3, swapped.passed(), "both classes and the sneaker's color hold, the bag's color does not");
        assertEquals(0.0, GenEvalScorer.score(p, seen()).credit());
        // a missing target fails the class check and the relation that depends on it; the bag's own class still counts
        GenEvalScorer.Verdict noCoat = GenEvalScorer.score(GenEvalPrompt.position(COAT, Relation.RIGHT_OF, BAG), seen(of("bag", 0.9, 35, 30)));
        assertEquals(3, noCoat.checks());
        assertEquals(1, noCoat.passed());
        GenEvalScorer.Verdict four = GenEvalScorer.score(GenEvalPrompt.counting(BAG, 3),
                seen(of("bag", 0.95, 10, 10), of("bag", 0.95, 30, 10), of("bag", 0.95, 50, 10), of("bag", 0.95, 30, 40)));
        assertEquals(2, four.checks());
        assertEquals(1, four.passed(), "the count holds, the exclude does not");
    }
}
