package studio.mammoth.model.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenEvalSuiteTest {
    @Test
    void readsGenEvalMetadataAndReportsBadLinesByNumber(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("prompts.jsonl");
        Files.write(file, List.of(
                "{\"tag\": \"counting\", \"include\": [{\"class\": \"bag\", \"count\": 3}], \"exclude\": [{\"class\": \"bag\", \"count\": 4}], \"prompt\": \"a photo of three bags\"}",
                "{\"tag\": \"position\", \"include\": [{\"class\": \"coat\", \"count\": 1}, {\"class\": \"bag\", \"count\": 1, \"position\": [\"right of\", 0]}], \"prompt\": \"a photo of a bag right of a coat\"}",
                "{\"tag\": \"colors\", \"include\": [{\"class\": \"sneeker\", \"count\": 1, \"color\": \"red\"}], \"prompt\": \"x\"}",
                "{not json",
                "",
                "{\"tag\": \"colors\", \"include\": [{\"class\": \"bag\", \"count\": 1, \"color\": \"teal\"}], \"prompt\": \"a photo of a teal bag\"}",
                "{\"tag\": \"color_attr\", \"include\": [{\"class\": \"ankle boot\", \"count\": 1, \"color\": \"white\"}, {\"class\": \"dress\", \"count\": 1, \"color\": \"pink\"}], \"prompt\": \"a photo of a white ankle boot and a pink dress\"}"));
        GenEvalSuite.Parsed parsed = GenEvalSuite.read(file);
        assertEquals(3, parsed.prompts().size());
        assertEquals(List.of(1, 2, 7), parsed.lineNumbers());
        assertEquals(3, parsed.problems().size());
        assertTrue(parsed.problems().get(0).contains("line 3") && parsed.problems().get(0).contains("did you mean 'sneaker'"), parsed.problems().get(0));
        assertTrue(parsed.problems().get(1).contains("line 4") && parsed.problems().get(1).contains("not a JSON object"), parsed.problems().get(1));
        assertTrue(parsed.problems().get(2).contains("line 6") && parsed.problems().get(2).contains("unknown color 'teal'"), parsed.problems().get(2));
        GenEvalPrompt position = parsed.prompts().get(1);
        assertEquals(Relation.RIGHT_OF, position.include().get(1).relation());
        assertEquals(GenEvalPrompt.position(4, Relation.RIGHT_OF, 8), position);
        assertEquals(GenEvalPrompt.counting(8, 3), parsed.prompts().get(0));
    }

    @Test
    void everyBuiltInPromptSurvivesARoundTripThroughTheMetadataFormat() {
        for (GenEvalPrompt p : GenEvalSuite.builtInSuite()) {
            assertEquals(p, GenEvalSuite.parse(GenEvalSuite.toJson(p).toString()));
        }
    }
}
