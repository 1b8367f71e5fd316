package studio.mammoth.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import studio.mammoth.model.api.ModelFiles;
import studio.mammoth.model.engine.DjlEngine;
import studio.mammoth.model.nn.Parameters;
import studio.mammoth.model.nn.TensorFile;
import studio.mammoth.model.tok.MammothTok;

/**
 * Model mode is the default only when the weights exist; without them the command says which commands train them. The
 * tokenizer oracles of geneval and imgedit need the tokenizer alone.
 */
class BenchModesTest {
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

    @Test
    void theTokenizerOraclesWithoutATokenizerNameItsTrainingCommand() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "bench", "geneval", "--latent-oracle", "--limit", "6"));
        assertTrue(err.toString().contains("no tokenizer " + emptyModels.resolve(ModelFiles.TOKENIZER)), err.toString());
        assertTrue(err.toString().contains("./mammoth train tokenizer"), err.toString());
    }

    @Test
    void theEditTokenizerOraclesWithoutATokenizerNameItsTrainingCommand() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "bench", "imgedit", "--coded-oracle", "--limit", "1"));
        assertTrue(err.toString().contains("no tokenizer " + emptyModels.resolve(ModelFiles.TOKENIZER)), err.toString());
        assertTrue(err.toString().contains("./mammoth train tokenizer"), err.toString());
    }

    @Test
    void theTokenizerOraclesJudgeATokenizerNoGeneratorWasTrainedOn(@TempDir Path out) throws IOException {
        try (NDManager m = DjlEngine.engine().newBaseManager()) {
            ModelFiles.writeTokenizer(emptyModels.resolve(ModelFiles.TOKENIZER), new MammothTok(MammothTok.Config.tiny(), new Parameters(m, 3)),
                    null, TensorFile.Storage.FLOAT32);
        }
        for (String mode : new String[] {"--coded-oracle", "--latent-oracle"}) {
            StringWriter err = new StringWriter();
            Path report = out.resolve("geneval-" + mode.substring(2));
            assertEquals(0, run(err, "bench", "geneval", mode, "--limit", "6", "--images-per-prompt", "1", "--out", report.toString()), err.toString());
            assertTrue(Files.readString(report.resolve("report.json")).contains("oracle through the tokenizer's"), mode);

            Path edits = out.resolve("imgedit-" + mode.substring(2));
            assertEquals(0, run(err, "bench", "imgedit", mode, "--limit", "1", "--out", edits.toString()), err.toString());
            assertTrue(Files.readString(edits.resolve("report.json")).contains("oracle through the tokenizer's"), mode);
        }
    }
}
