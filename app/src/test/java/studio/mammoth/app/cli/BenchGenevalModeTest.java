package studio.mammoth.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Model mode is the default only when the weights exist; without them the command says which commands train them. */
class BenchGenevalModeTest {
    @TempDir
    Path emptyModels;

    @AfterEach
    void clearModelsProperty() {
        System.clearProperty("mammoth.models");
    }

    private int run(StringWriter err, String... args) {
        System.setProperty("mammoth.models", emptyModels.toString());
        CommandLine cli = MammothCommand.commandLine();
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void withoutWeightsTheDefaultModeNamesTheTrainingCommands() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "bench", "geneval", "--limit", "6"));
        assertTrue(err.toString().contains("./mammoth train generator"), err.toString());
        assertTrue(err.toString().contains("--oracle"), err.toString());
    }

    @Test
    void askingForTheModelWithoutWeightsIsRefusedTheSameWay() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "bench", "geneval", "--model", "--limit", "6"));
        assertTrue(err.toString().contains("no text-to-image model in " + emptyModels), err.toString());
    }
}
