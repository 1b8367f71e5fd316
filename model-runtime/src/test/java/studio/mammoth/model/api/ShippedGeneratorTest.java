package studio.mammoth.model.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.model.bench.GenEvalScorer;
import studio.mammoth.model.judge.Judge;
import studio.mammoth.model.world.GenEvalPrompt;
import studio.mammoth.model.world.Vocabulary;
import studio.mammoth.model.world.WardrobeColor;

/** The committed generator (assets/models) draws what it is asked for, as the judge sees it. */
class ShippedGeneratorTest {
    @Test
    void aPhotoOfARedBagShowsARedBagInAtLeastThreeOfFourSeeds() throws Exception {
        GenEvalPrompt redBag = GenEvalPrompt.colors(Vocabulary.classIndex("bag"), WardrobeColor.RED);
        assertEquals("a photo of a red bag", redBag.prompt());
        List<String> verdicts = new ArrayList<>();
        int correct = 0;
        try (MammothModel model = MammothModel.load(ModelFiles.directory()); Judge judge = Judge.load()) {
            for (long seed = 0; seed < 4; seed++) {
                var image = model.generate(GenerateRequest.of(redBag.prompt(), seed, 24, 3.0, 1)).run(TaskContext.unobserved()).get(0).image();
                GenEvalScorer.Verdict verdict = GenEvalScorer.score(redBag, judge.judge(image));
                correct += verdict.correct() ? 1 : 0;
                verdicts.add("seed " + seed + ": " + (verdict.correct() ? "red bag" : String.join(", ", verdict.reasons())));
            }
        }
        assertTrue(correct >= 3, correct + "/4 red bags: " + verdicts);
    }
}
