package studio.mammoth.model.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.model.ModelFixture;
import studio.mammoth.model.nn.Parameters;
import studio.mammoth.model.nn.TensorFile;
import studio.mammoth.model.tok.MammothTok;
import studio.mammoth.model.world.Box;
import studio.mammoth.model.world.PixelMask;

/** A models folder with task weights: text-to-image keeps its own weights, edits and answers run the task weights. */
class TaskRoutingTest {
    private static final MammothTok.Config TOK = MammothTok.Config.tiny();

    @TempDir
    Path dir;

    private void write(String file, Generator.Config config, long seed) throws IOException {
        try (NDManager m = ModelFixture.manager(); Generator g = new Generator(config, m, seed)) {
            ModelFiles.writeGenerator(dir.resolve(file), g, null, null, TensorFile.Storage.FLOAT32);
        }
    }

    private void writeTextToImageModel() throws IOException {
        try (NDManager m = ModelFixture.manager()) {
            ModelFiles.writeTokenizer(dir.resolve(ModelFiles.TOKENIZER), new MammothTok(TOK, new Parameters(m, 1)), null, TensorFile.Storage.FLOAT32);
        }
        write(ModelFiles.GENERATOR, ModelFixture.tinyGenerator(TOK), 2);
    }

    private static Generator.Config unified() {
        return ModelFixture.tinyGenerator(TOK).with(Generator.Variant.SERIAL, true, true);
    }

    private static int[] firstPicture(MammothModel model) throws Exception {
        return model.generate(GenerateRequest.of("a red bag", 3, 1, 1.0, 1)).run(TaskContext.unobserved()).get(0).image().pixels();
    }

    @Test
    void taskWeightsServeEditsAndAnswersAndLeaveTextToImageUntouched() throws Exception {
        writeTextToImageModel();
        int[] alone;
        try (MammothModel model = MammothModel.load(dir)) {
            assertFalse(model.canEdit() || model.canAnswer());
            alone = firstPicture(model);
        }
        write(ModelFiles.TASKS, unified(), 3);
        try (MammothModel model = MammothModel.load(dir)) {
            assertTrue(model.canEdit() && model.canAnswer());
            assertFalse(model.generator().config().editing(), "text-to-image requests keep the text-to-image weights");
            assertNotEquals(model.id(), model.taskId());
            assertArrayEquals(alone, firstPicture(model), "the same picture for the same seed, with or without task weights");
            // the text-to-image weights have no reference inputs and no answer positions: these would throw if routed there
            RgbImage source = new RgbImage(64, 64);
            assertNotNull(model.edit(new EditRequest(source, "a red bag", null, 1, 1, 1.0, 1.0)).run(TaskContext.unobserved()));
            assertNotNull(model.ask(source, "a red bag").run(TaskContext.unobserved()));
        }
    }

    @Test
    void theModelsNameChangesWithTheTokenizerWhoseDecoderDrawsThePixels() throws Exception {
        writeTextToImageModel();
        write(ModelFiles.TASKS, unified(), 3);
        String before;
        String tasksBefore;
        try (MammothModel model = MammothModel.load(dir)) {
            before = model.id();
            tasksBefore = model.taskId();
        }
        try (NDManager m = ModelFixture.manager()) { // the same encoder and codebook, another decoder
            MammothTok trained = ModelFiles.readTokenizer(dir.resolve(ModelFiles.TOKENIZER), m);
            MammothTok redrawn = MammothTok.withEncoding(TOK, trained.parameters().snapshot(), new Parameters(m, 7));
            ModelFiles.writeTokenizer(dir.resolve(ModelFiles.TOKENIZER), redrawn, null, TensorFile.Storage.FLOAT32);
        }
        try (MammothModel model = MammothModel.load(dir)) {
            assertEquals(before.substring(0, before.indexOf('.')), model.id().substring(0, model.id().indexOf('.')), "the same generator");
            assertNotEquals(before, model.id());
            assertNotEquals(tasksBefore, model.taskId());
        }
    }

    @Test
    void anEditsPlanAloneKeepsTheSourceOutsideTheBrushAndSkipsTheRendering() throws Exception {
        writeTextToImageModel();
        write(ModelFiles.TASKS, unified(), 3);
        try (MammothModel model = MammothModel.load(dir)) {
            RgbImage source = new RgbImage(64, 64);
            for (int i = 0; i < 64 * 64; i++) {
                source.set(i % 64, i / 64, 0x102030 + i);
            }
            PixelMask brush = PixelMask.ofBoxes(64, 0, new Box(16, 16, 40, 40));
            EditRequest request = new EditRequest(source, "a red bag", brush, 5, 2, 1.0, 1.0);
            RgbImage plan = model.editPlan(request).run(TaskContext.unobserved());
            RgbImage rendered = model.edit(request).run(TaskContext.unobserved());
            boolean differs = false;
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    if (!brush.contains(x, y)) {
                        assertEquals(source.get(x, y), plan.get(x, y), "outside the brush at " + x + "," + y);
                    } else {
                        differs |= plan.get(x, y) != rendered.get(x, y);
                    }
                }
            }
            assertTrue(differs, "the plan decoded by the tokenizer, not the DiT's rendering");
            assertArrayEquals(plan.pixels(), model.editPlan(request).run(TaskContext.unobserved()).pixels(), "deterministic in the seed");
        }
    }

    @Test
    void jointTrainingExportsTaskWeightsAndTextToImageTrainingTheGenerator() {
        assertEquals(ModelFiles.TASKS, ModelFiles.weightsFile(unified()));
        assertEquals(ModelFiles.GENERATOR, ModelFiles.weightsFile(ModelFixture.tinyGenerator(TOK)));
    }

    @Test
    void taskWeightsOfAnotherVocabularyOrWithoutEditsAreRefusedWithTheCommandThatMakesThem() throws Exception {
        writeTextToImageModel();
        write(ModelFiles.TASKS, ModelFixture.tinyGenerator(TOK), 3);
        IOException textToImageOnly = assertThrows(IOException.class, () -> MammothModel.load(dir));
        assertTrue(textToImageOnly.getMessage().contains("--tasks all"), textToImageOnly.getMessage());

        Generator.Config otherWords = Generator.Config.of(unified().ar(), unified().align(), unified().dit(), 6, TOK,
                List.of("a", "photo", "of", "red", "bag")).with(Generator.Variant.SERIAL, true, true);
        write(ModelFiles.TASKS, otherWords, 3);
        IllegalArgumentException words = assertThrows(IllegalArgumentException.class, () -> MammothModel.load(dir));
        assertTrue(words.getMessage().contains("other words"), words.getMessage());

        Files.delete(dir.resolve(ModelFiles.GENERATOR));
        write(ModelFiles.TASKS, unified(), 3);
        IOException alone = assertThrows(IOException.class, () -> MammothModel.load(dir));
        assertTrue(alone.getMessage().contains("text-to-image weights"), alone.getMessage());
    }
}
