package studio.mammoth.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mammoth tinyformer finetune}'s checks of its search result, before anything trains. */
class TinyformerFinetuneCommandTest {

    @TempDir
    Path dir;

    private record Run(int code, String err) {
    }

    private static Run finetune(Path searchResult) {
        StringWriter err = new StringWriter();
        int code = MammothCommand.commandLine().setErr(new PrintWriter(err, true))
                .execute("tinyformer", "finetune", "--minutes", "1", "--search-result", searchResult.toString());
        return new Run(code, err.toString());
    }

    @Test
    void aMissingSearchResultIsNamedInOneLineWithTheCommandThatWritesIt() {
        Path missing = dir.resolve("missing.json");
        Run r = finetune(missing);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("mammoth tinyformer finetune: no search result at " + missing), r.err());
        assertTrue(r.err().contains("mammoth tinyformer search"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void aFileThatIsNoSearchResultIsRejected() throws Exception {
        Run r = finetune(Files.writeString(dir.resolve("other.json"), "{}"));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("is not a TinyFormer search result"), r.err());
    }
}
