package studio.mammoth.app.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.mammoth.app.events.EngineStateChanged;
import studio.mammoth.model.api.ModelFiles;

class ReadinessTest {
    @TempDir
    Path models;

    private static final EngineStateChanged READY = new EngineStateChanged(EngineStateChanged.State.READY, "PyTorch 2.7.1, 2 threads");

    @Test
    void onlyARegularFileCountsAsWeights() throws Exception {
        ModelAssets assets = new ModelAssets(models);
        assertFalse(assets.hasFile(ModelFiles.TOKENIZER));
        Files.createDirectories(models.resolve(ModelFiles.TOKENIZER));
        assertFalse(assets.hasFile(ModelFiles.TOKENIZER), "a folder of that name is not a checkpoint");
        Files.delete(models.resolve(ModelFiles.TOKENIZER));
        Files.write(models.resolve(ModelFiles.TOKENIZER), new byte[] {1});
        assertTrue(assets.hasFile(ModelFiles.TOKENIZER));
    }

    @Test
    void withoutWeightsTheHeadlineNamesBothTrainingCommands() {
        Readiness r = Readiness.imageModel(new ModelAssets(models), READY, "Create", "Create makes pictures.");
        assertEquals("No image model yet — train it with ./mammoth train tokenizer and ./mammoth train generator", r.headline());
        assertFalse(r.ready());
    }

    @Test
    void withATrainedTokenizerOnlyTheGeneratorIsAskedFor() throws Exception {
        Files.write(models.resolve(ModelFiles.TOKENIZER), new byte[] {1});
        Readiness r = Readiness.imageModel(new ModelAssets(models), READY, "Create", "Create makes pictures.");
        assertEquals("No image model yet — train it with ./mammoth train generator", r.headline());
    }

    @Test
    void withBothPartsTheHeadlineSaysWhereTheModelIs() throws Exception {
        for (String file : new String[] {ModelFiles.TOKENIZER, ModelFiles.GENERATOR}) {
            Files.write(models.resolve(file), new byte[] {1});
        }
        Readiness r = Readiness.imageModel(new ModelAssets(models), READY, "Create", "Create makes pictures.");
        assertEquals("Image model found in " + models.toAbsolutePath().normalize(), r.headline());
        assertTrue(r.explanation().contains("not part of this build yet"), r.explanation());
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
