package studio.mammoth.model.tok;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTokenizerTest {
    private final TextTokenizer text = new TextTokenizer(List.of("a", "photo", "of", "red", "bag", "blue", "sneaker", ","), 6);

    @Test
    void encodesKnownWordsAfterTheSpecials() {
        int[] ids = text.encode("A photo of a RED bag");
        assertEquals(6, ids.length);
        assertEquals("red", text.word(ids[4]));
        assertTrue(ids[0] >= TextTokenizer.SPECIALS.size());
        assertArrayEquals(text.encode("red, bag"), new int[] {text.id("red"), text.id(","), text.id("bag")});
    }

    @Test
    void unknownWordNamesTheClosestKnownOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> text.encode("a photo of a red bgg"));
        assertTrue(e.getMessage().contains("\"bgg\"") && e.getMessage().contains("\"bag\""), e.getMessage());
    }

    @Test
    void emptyAndOverlongPromptsAreRefusedWithAReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> text.encode("  ")).getMessage().contains("empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> text.encode("a a a a a a a")).getMessage().contains("at most 6"));
        assertThrows(IllegalArgumentException.class, () -> text.encode("<pad>"));
    }
}
