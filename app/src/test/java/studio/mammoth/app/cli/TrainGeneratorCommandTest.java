package studio.mammoth.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code mammoth train generator}'s checks of its options, before anything loads or trains. */
class TrainGeneratorCommandTest {

    @Test
    void theVisionEncoderIsRefusedWithoutTheTasksItReadsPicturesFor() {
        assertRefused("--vision-encoder reads the pictures of edits and questions: it needs --tasks all", "--vision-encoder");
    }

    @Test
    void hiddenCodesAreRefusedWithoutTheEncoderThatStandsInForThem() {
        assertRefused("--hide-codes hides codes behind the vision encoder's features: it needs --vision-encoder", "--tasks", "all",
                "--hide-codes", "0.5");
    }

    private static void assertRefused(String reason, String... options) {
        StringWriter err = new StringWriter();
        String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("train", "generator", "--minutes", "1"),
                java.util.Arrays.stream(options)).toArray(String[]::new);
        int code = MammothCommand.commandLine().setErr(new PrintWriter(err, true)).execute(args);
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains(reason), err.toString());
    }
}
