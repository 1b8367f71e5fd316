package studio.mammoth.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.mammoth.tinyformer.compile.BlobParser;

/** {@code mammoth tinyformer compile | report | quant-check | kernel-vectors} as a user runs them. */
class TinyformerCompilerCommandsTest {

    @TempDir
    Path dir;

    private record Run(int code, String out) {
    }

    private static Run run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            int code = MammothCommand.commandLine().execute(args);
            return new Run(code, bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void compileThenReportPrintsTheOneLineSummary() throws Exception {
        Path blob = dir.resolve("example.blob");
        Run compile = run("tinyformer", "compile", "--example", "--calibration", "8", "--out", blob.toString());
        assertEquals(0, compile.code(), compile.out());
        assertTrue(compile.out().contains("fits the STM32F746"), compile.out());
        BlobParser.parse(Files.readAllBytes(blob));

        Run report = run("tinyformer", "report", "--blob", blob.toString(), "--limit", "50");
        assertEquals(0, report.code(), report.out());
        Pattern line = Pattern.compile("(?m)^tinyformer accuracy=0\\.\\d{4} flash_kb=\\d+\\.\\d sram_kb=\\d+\\.\\d macs=\\d+ "
                + "sparsity=0\\.\\d\\d$");
        assertTrue(line.matcher(report.out()).find(), report.out());
        assertTrue(report.out().contains("NOT the full test split"), report.out());
    }

    @Test
    void reportSaysWhenThereIsNoModelAndHowToMakeOne() {
        Run report = run("tinyformer", "report", "--blob", dir.resolve("missing.blob").toString());
        assertEquals(1, report.code());
        assertTrue(report.out().contains("no TinyFormer model is shipped yet"), report.out());
        assertTrue(report.out().contains("./mammoth tinyformer finetune"), report.out());
    }

    @Test
    void quantCheckComparesTheShippedBlobWithItsFloatModelLayerByLayer() {
        Run r = run("tinyformer", "quant-check", "--model", "../assets/models/tinyformer/tinyformer.tfm", "--limit", "20");
        assertEquals(0, r.code(), r.out());
        assertTrue(Pattern.compile("(?m)^quant-check .*tinyformer\\.tfm: 20 test images \\(NOT the full test split\\); "
                + "accuracy float=[01]\\.\\d{4} simulated_int8=[01]\\.\\d{4} int8_blob=[01]\\.\\d{4}$").matcher(r.out()).find(), r.out());
        assertTrue(Pattern.compile("(?m)^35 +logits +FULLY_CONNECTED +200 ").matcher(r.out()).find(), r.out());
    }

    @Test
    void quantCheckRefusesAMissingModel() {
        Path missing = dir.resolve("missing.tfm");
        Run r = run("tinyformer", "quant-check", "--model", missing.toString());
        assertEquals(2, r.code());
    }

    @Test
    void kernelVectorsAreWrittenToTheGivenDirectory() throws Exception {
        Path out = dir.resolve("vectors");
        Run r = run("tinyformer", "kernel-vectors", "--out", out.toString());
        assertEquals(0, r.code(), r.out());
        try (Stream<Path> files = Files.list(out)) {
            assertTrue(files.filter(p -> p.toString().endsWith(".tfkv")).count() >= 40);
        }
    }
}
