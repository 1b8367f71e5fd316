package studio.mammoth.app.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.mammoth.app.events.EngineStateChanged;

class ReadinessTest {
    @TempDir
    Path models;

    private static final EngineStateChanged READY = new EngineStateChanged(EngineStateChanged.State.READY, "PyTorch 2.7.1, 2 threads");

    @Test
    void aModelCardAloneIsNotAModel() throws Exception {
        ModelAssets assets = new ModelAssets(models);
        assertFalse(assets.has("tokenizer"));
        Files.createDirectories(models.resolve("tokenizer"));
        Files.writeString(models.resolve("tokenizer/README.md"), "model card");
        assertFalse(assets.has("tokenizer"));
        Files.write(models.resolve("tokenizer/weights.params"), new byte[] {1});
        assertTrue(assets.has("tokenizer"));
    }

    @Test
    void withoutWeightsTheHeadlineNamesBothTrainingCommands() {
        Readiness r = Readiness.imageModel(new ModelAssets(models), READY, "Create", "Create makes pictures.");
        assertEquals("No image model yet — train it with ./mammoth train tokenizer and ./mammoth train generator", r.headline());
        assertFalse(r.ready());
    }

    @Test
    void withATrainedTokenizerOnlyTheGeneratorIsAskedFor() throws Exception {
        Files.createDirectories(models.resolve("tokenizer"));
        Files.write(models.resolve("tokenizer/weights.params"), new byte[] {1});
        Readiness r = Readiness.imageModel(new ModelAssets(models), READY, "Create", "Create makes pictures.");
        assertEquals("No image model yet — train it with ./mammoth train generator", r.headline());
    }

    @Test
    void withBothPartsTheHeadlineSaysWhereTheModelIs() throws Exception {
        for (String part : new String[] {"tokenizer", "generator"}) {
            Files.createDirectories(models.resolve(part));
            Files.write(models.resolve(part + "/weights.params"), new byte[] {1});
        }
        Readiness r = Readiness.imageModel(new ModelAssets(models), READY, "Create", "Create makes pictures.");
        assertEquals("Image model found in " + models.toAbsolutePath().normalize(), r.headline());
        assertTrue(r.explanation().contains("not part of this build yet"), r.explanation());
    }

    @Test
    void studioNamesTheTinyformerCommands() {
        Readiness r = Readiness.tinyformer(new ModelAssets(models), "Studio searches.");
        assertEquals("No TinyFormer model yet — search and compile one with ./mammoth tinyformer search and ./mammoth tinyformer compile",
                r.headline());
    }

    @Test
    void aFailedEngineIsMissingWithDoctorAsTheRemedy() {
        EngineStateChanged failed = new EngineStateChanged(EngineStateChanged.State.FAILED, "no native library");
        Requirement engine = Readiness.imageModel(new ModelAssets(models), failed, "Ask", "Ask answers.").checklist().stream()
                .filter(q -> q.name().equals("Model engine")).findFirst().orElseThrow();
        assertEquals(Requirement.Status.MISSING, engine.status());
        assertEquals("./mammoth doctor", engine.command());
    }
}
