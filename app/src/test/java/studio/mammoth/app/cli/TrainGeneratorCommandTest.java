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
        StringWriter err = new StringWriter();
        int code = MammothCommand.commandLine().setErr(new PrintWriter(err, true))
                .execute("train", "generator", "--minutes", "1", "--vision-encoder");
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("--vision-encoder reads the pictures of edits and questions: it needs --tasks all"), err.toString());
    }
}
