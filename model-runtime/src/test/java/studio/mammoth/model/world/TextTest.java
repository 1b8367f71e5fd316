package studio.mammoth.model.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Prompts, captions, instructions, questions and answers use only the vocabulary's words. */
class TextTest {
    private final WardrobeWorld world = TestWorlds.world();

    @Test
    void everyGeneratedTextIsInTheVocabulary() {
        List<String> texts = new ArrayList<>();
        GenEvalSuite.builtInSuite().forEach(p -> texts.add(p.prompt()));
        SplittableRandom rng = new SplittableRandom(3);
        EditPairs pairs = new EditPairs(world);
        for (long seed = 0; seed < 300; seed++) {
            Scene s = world.sample(seed);
            texts.add(Captions.canonical(s));
            texts.add(Captions.rich(s, rng));
            texts.add(pairs.sample(seed).instruction());
            for (QuestionType t : QuestionType.values()) {
                Questions.ask(t, s, rng).ifPresent(q -> {
                    texts.add(q.text());
                    texts.add(q.answer());
                });
            }
        }
        for (String text : texts) {
            for (String word : Vocabulary.tokenize(text)) {
                assertTrue(Vocabulary.contains(word), "'" + word + "' of '" + text + "' is not in the vocabulary");
            }
        }
    }

    @Test
    void wordsAreUniqueAndClosestSuggestsTheIntendedWord() {
        assertEquals(Vocabulary.words().size(), new HashSet<>(Vocabulary.words()).size());
        assertEquals("sneaker", Vocabulary.closest("sneeker"));
        assertEquals("purple", Vocabulary.closest("Purpel"));
        assertEquals("ankle boot", Vocabulary.closestClassName("ankle boots"));
        assertEquals(9, Vocabulary.classIndex("ankle boots"));
    }

    @Test
    void canonicalCaptionListsLeftToRightAndCountsTwins() {
        Garment bagLeft = new Garment(8, WardrobeColor.RED, 0, 20, 0, 0, new Box(2, 2, 12, 12));
        Garment sneaker = new Garment(7, WardrobeColor.BLUE, 0, 20, 0, 0, new Box(20, 30, 30, 40));
        Garment bagRight = new Garment(8, WardrobeColor.RED, 0, 20, 0, 0, new Box(40, 2, 50, 12));
        Scene s = new Scene(WardrobeColor.WHITE, List.of(sneaker, bagRight, bagLeft));
        assertEquals("two red bags and a blue sneaker on a white background", Captions.canonical(s));
        Scene one = new Scene(WardrobeColor.ORANGE, List.of(new Garment(9, WardrobeColor.ORANGE, 0, 20, 0, 0, new Box(2, 2, 9, 9))));
        assertEquals("an orange ankle boot on an orange background", Captions.canonical(one));
    }

    @Test
    void questionsAnswerFromTheSceneGraph() {
        Garment bag = new Garment(8, WardrobeColor.RED, 0, 20, 0, 0, new Box(2, 20, 12, 30));
        Garment sneaker = new Garment(7, WardrobeColor.BLUE, 0, 20, 0, 0, new Box(40, 20, 50, 30));
        Scene s = new Scene(WardrobeColor.WHITE, List.of(bag, sneaker));
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 50; i++) {
            Question r = Questions.ask(QuestionType.RELATION, s, rng).orElseThrow();
            assertEquals(r.text().startsWith("where is the red bag") ? "left of" : "right of", r.answer());
            Question c = Questions.ask(QuestionType.COUNT, s, rng).orElseThrow();
            assertEquals(c.text().contains("bags") || c.text().contains("sneakers") ? "one" : "zero", c.answer(), c.text());
            Question e = Questions.ask(QuestionType.EXISTS, s, rng).orElseThrow();
            boolean there = e.text().contains("red bag") || e.text().contains("blue sneaker");
            assertEquals(there ? "yes" : "no", e.answer(), e.text());
        }
        assertEquals("two", Questions.normalise(" 2. "));
        assertEquals("left of", Questions.normalise("Left  of!"));
    }
}
