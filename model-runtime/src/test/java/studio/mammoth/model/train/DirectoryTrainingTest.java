package studio.mammoth.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.model.ModelFixture;
import studio.mammoth.model.align.AlignConfig;
import studio.mammoth.model.api.GenerateRequest;
import studio.mammoth.model.api.Generator;
import studio.mammoth.model.api.MammothModel;
import studio.mammoth.model.api.ModelFiles;
import studio.mammoth.model.ar.ArConfig;
import studio.mammoth.model.dit.DitConfig;
import studio.mammoth.model.nn.Parameters;
import studio.mammoth.model.nn.TensorFile;
import studio.mammoth.model.tok.MammothTok;

/**
 * {@code --data DIR} end to end through the training entry point the CLI calls: a folder of PNGs (not square, not 64x64)
 * and captions.jsonl, a few seconds of training with a tiny configuration, a resumed second session, then the exported
 * weights load as a model folder whose vocabulary is the captions' words and generate through the public API.
 */
class DirectoryTrainingTest {
    private static final String[] CAPTIONS = {"a sunny beach", "a snowy mountain", "a sunny mountain", "a snowy beach"};

    @Test
    void ownPicturesTrainExportResumeAndGenerate(@TempDir Path tmp) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("pictures"));
        StringBuilder index = new StringBuilder();
        for (int i = 0; i < CAPTIONS.length; i++) {
            BufferedImage img = new BufferedImage(80, 60, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 60; y++) {
                for (int x = 0; x < 80; x++) {
                    img.setRGB(x, y, y < 30 ? (CAPTIONS[i].contains("sunny") ? 0xF0D020 : 0xC0C0E0) : (CAPTIONS[i].contains("beach") ? 0xE0C080 : 0x606070));
                }
            }
            ImageIO.write(img, "png", data.resolve("p" + i + ".png").toFile());
            index.append("{\"image\": \"p").append(i).append(".png\", \"caption\": \"").append(CAPTIONS[i]).append("\"}\n");
        }
        Files.writeString(data.resolve("captions.jsonl"), index.toString());
        Path tokenizer = tmp.resolve("tok").resolve(ModelFiles.TOKENIZER);
        Files.createDirectories(tokenizer.getParent());
        try (NDManager m = ModelFixture.manager()) {
            ModelFiles.writeTokenizer(tokenizer, new MammothTok(MammothTok.Config.tiny(), new Parameters(m, 3)), null, TensorFile.Storage.FLOAT32);
        }
        Generator.Config sizes = Generator.Config.of(ArConfig.tiny(), AlignConfig.tiny(), DitConfig.tiny(), 6, MammothTok.Config.tiny(), List.of());
        Path models = tmp.resolve("models");
        String first = train(new GeneratorRun.Settings(0.05, false, 1, 4, 8, 60, TokenNoise.Mode.BOTH, tokenizer, tmp.resolve("run"), models,
                "first stretch", TaskMix.textToImage(), null, 0), new DirectoryExamples(data, 64), sizes);
        assertTrue(first.contains("8/8 captions"), first);
        assertTrue(first.contains("own pictures (--data)"), first);
        String second = train(new GeneratorRun.Settings(0.05, true, 1, 4, 8, 60, TokenNoise.Mode.BOTH, tokenizer, tmp.resolve("run"), models,
                "second stretch", TaskMix.textToImage(), null, 0), new DirectoryExamples(data, 64), sizes);
        assertTrue(second.contains("resumed at step"), second);
        String card = Files.readString(models.resolve("mammoth-generator.md"));
        assertTrue(card.contains("`first stretch`") && card.contains("`second stretch`"), "the card lists every stretch of the run:\n" + card);
        assertTrue(ModelFiles.present(tmp.resolve("run").resolve("last")), "the last weights are exported beside the checkpoint");

        try (MammothModel model = MammothModel.load(models)) {
            assertEquals(List.of("a", "beach", "mountain", "snowy", "sunny"), model.generator().text().vocabulary());
            var images = model.generate(GenerateRequest.of("a snowy beach", 3, 2, 2.0, 1)).run(TaskContext.unobserved());
            assertEquals(64, images.get(0).image().width());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.generate(GenerateRequest.of("a sunny bech", 3, 2, 2.0, 1)));
            assertTrue(e.getMessage().contains("\"beach\""), e.getMessage());
        }
    }

    @Test
    void jointTrainingRefusesOwnPicturesWithAReason(@TempDir Path tmp) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("pictures"));
        ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "png", data.resolve("a.png").toFile());
        Files.writeString(data.resolve("captions.jsonl"), "{\"image\": \"a.png\", \"caption\": \"a black square\"}\n");
        Generator.Config sizes = Generator.Config.of(ArConfig.tiny(), AlignConfig.tiny(), DitConfig.tiny(), 6, MammothTok.Config.tiny(), List.of())
                .with(Generator.Variant.SERIAL, true, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GeneratorRun.run(new GeneratorRun.Settings(0.05, false, 1, 4,
                8, 60, TokenNoise.Mode.BOTH, tmp.resolve("none.mmt"), tmp.resolve("run"), tmp.resolve("models"), "test", TaskMix.joint(), null, 0),
                new DirectoryExamples(data, 64), sizes, new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("--data"), e.getMessage());
    }

    private static String train(GeneratorRun.Settings settings, TrainingExamples data, Generator.Config sizes) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        GeneratorRun.run(settings, data, sizes, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
