package studio.mammoth.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code edit}, {@code ask} and {@code caption} refuse bad input with the reason before any model is loaded, and say
 * which command trains the model when the weights are missing. (Answers and edits of the trained model are checked end
 * to end in src/test.)
 */
class EditAskCommandsTest {
    @TempDir
    Path dir;

    private Path picture;
    private Path noModels;
    private final StringWriter err = new StringWriter();
    private final StringWriter out = new StringWriter();

    @BeforeEach
    void files() throws Exception {
        picture = png("in.png", 64, 64, 0xFFFFFF);
        noModels = Files.createDirectories(dir.resolve("no-models"));
    }

    private Path png(String name, int w, int h, int rgb) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        Path file = dir.resolve(name);
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    private int run(String... args) {
        CommandLine cli = MammothCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(out, true));
        return cli.execute(args);
    }

    @Test
    void anEmptyInstructionIsRefused() {
        assertEquals(2, run("edit", picture.toString(), "  ", "-o", dir.resolve("out.png").toString(), "--models", noModels.toString()));
        assertTrue(err.toString().contains("the instruction is empty"), err.toString());
    }

    @Test
    void aFileThatIsNotAPictureIsRefusedWithTheReason() throws Exception {
        Path text = dir.resolve("photo.png");
        Files.writeString(text, "hello");
        assertEquals(2, run("edit", text.toString(), "make the bag green", "-o", dir.resolve("out.png").toString()));
        assertTrue(err.toString().contains(text + " is not an image"), err.toString());
        assertEquals(2, run("ask", dir.resolve("gone.png").toString(), "is there a bag ?"));
        assertTrue(err.toString().contains("gone.png does not exist"), err.toString());
        assertEquals(2, run("caption", text.toString()));
    }

    @Test
    void anUnreadableOrEmptyMaskIsRefused() throws Exception {
        Path text = dir.resolve("mask.png");
        Files.writeString(text, "white");
        assertEquals(2, run("edit", picture.toString(), "make the bag green", "--mask", text.toString(), "-o", dir.resolve("o.png").toString()));
        assertTrue(err.toString().contains("the mask " + text + " is not an image"), err.toString());
        Path black = png("black.png", 64, 64, 0x000000);
        assertEquals(2, run("edit", picture.toString(), "make the bag green", "--mask", black.toString(), "-o", dir.resolve("o.png").toString()));
        assertTrue(err.toString().contains("selects no pixel"), err.toString());
    }

    @Test
    void badSettingsAndAnEmptyQuestionAreRefused() {
        assertEquals(2, run("edit", picture.toString(), "make the bag green", "--steps", "0", "-o", dir.resolve("o.png").toString()));
        assertTrue(err.toString().contains("steps must be"), err.toString());
        assertEquals(2, run("ask", picture.toString(), " "));
        assertTrue(err.toString().contains("the question is empty"), err.toString());
    }

    @Test
    void anotherSizeIsFittedWithANoticeAndMissingWeightsNameTheTrainingCommand() throws Exception {
        Path wide = png("wide.png", 100, 80, 0x3060C0);
        Path mask = png("mask.png", 128, 128, 0xFFFFFF);
        Path result = dir.resolve("out.png");
        assertEquals(1, run("edit", wide.toString(), "make the bag green", "--mask", mask.toString(), "-o", result.toString(),
                "--models", noModels.toString()));
        String text = err.toString();
        assertTrue(text.contains("note: wide.png is 100x80: cropped to its centre 80x80 and scaled to 64x64"), text);
        assertTrue(text.contains("note: mask.png is 128x128: scaled to 64x64"), text);
        assertTrue(text.contains("edit: ") && text.contains("./mammoth train tokenizer"), text);
        assertFalse(Files.exists(result));
        assertEquals(1, run("caption", picture.toString(), "--models", noModels.toString()));
        assertTrue(err.toString().contains("caption: "), err.toString());
    }
}
