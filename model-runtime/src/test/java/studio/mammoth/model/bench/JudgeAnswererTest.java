package studio.mammoth.model.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static studio.mammoth.model.bench.Detections.of;
import static studio.mammoth.model.bench.Detections.seen;

import org.junit.jupiter.api.Test;
import studio.mammoth.model.judge.JudgedImage;
import studio.mammoth.model.world.WardrobeColor;

class JudgeAnswererTest {
    private final JudgedImage image = seen(of("bag", 0.9, WardrobeColor.RED, 10, 30), of("sneaker", 0.9, WardrobeColor.BLUE, 50, 30),
            of("sneaker", 0.2, WardrobeColor.GREEN, 30, 55));

    @Test
    void answersEachQuestionTypeFromDetections() {
        assertEquals("yes", JudgeAnswerer.answer(image, "is there a red bag ?"));
        assertEquals("no", JudgeAnswerer.answer(image, "is there a blue bag ?"));
        assertEquals("no", JudgeAnswerer.answer(image, "is there a green sneaker ?"), "below the 0.3 threshold");
        assertEquals("one", JudgeAnswerer.answer(image, "how many sneakers are there ?"));
        assertEquals("zero", JudgeAnswerer.answer(image, "how many coats are there ?"));
        assertEquals("red", JudgeAnswerer.answer(image, "what color is the bag ?"));
        assertEquals("white", JudgeAnswerer.answer(image, "what color is the background ?"));
        assertEquals("left of", JudgeAnswerer.answer(image, "where is the red bag relative to the blue sneaker ?"));
        assertEquals("a red bag and a blue sneaker on a white background", JudgeAnswerer.answer(image, "describe the picture"));
        assertEquals("unknown", JudgeAnswerer.answer(image, "why is the sky blue ?"));
    }
}
