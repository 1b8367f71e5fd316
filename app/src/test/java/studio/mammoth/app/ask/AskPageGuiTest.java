package studio.mammoth.app.ask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.mammoth.app.FxReads.text;
import static studio.mammoth.app.FxReads.waitFor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import studio.mammoth.app.events.EventBus;
import studio.mammoth.app.events.ImageHandOff;
import studio.mammoth.app.imaging.TinyModels;
import studio.mammoth.app.jobs.JobRunner;
import studio.mammoth.app.shell.EngineMonitor;
import studio.mammoth.app.shell.ModelAssets;
import studio.mammoth.app.shell.PageContext;
import studio.mammoth.app.shell.ShortcutRegistry;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.engine.DjlEngine;

/**
 * The Ask workspace driven through its field and buttons (headless) on a tiny untrained unified model: what it answers
 * is noise, but each question and caption goes through the model's task and the shared job runner into the
 * conversation, as with the shipped weights.
 */
@ExtendWith(ApplicationExtension.class)
class AskPageGuiTest {
    @TempDir
    Path dir;

    private final TinyModels models = new TinyModels();
    private EventBus bus;
    private JobRunner jobs;
    private AskPage page;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        bus = new EventBus();
        jobs = new JobRunner(bus, Platform::runLater);
        show(true);
    }

    private void show(boolean unified) {
        ShortcutRegistry keys = new ShortcutRegistry();
        PageContext context = new PageContext(bus, jobs, keys, new ModelAssets(dir.resolve("models")),
                new EngineMonitor(bus, jobs, () -> new DjlEngine.Info("PyTorch", "test", 2, 1)));
        page = new AskPage(context, models.source(dir.resolve("models"), unified));
        Scene scene = new Scene(new StackPane(page.node()), 1100, 700);
        keys.install(scene, () -> AskPage.ID);
        stage.setScene(scene);
        stage.show();
        page.shown();
    }

    @AfterEach
    void close() {
        jobs.close();
        models.close();
    }

    private static List<String> texts(FxRobot robot, String query) {
        return robot.lookup(query).queryAll().stream().map(n -> ((Label) n).getText()).toList();
    }

    @Test
    void questionsAndCaptionsJoinTheConversationAboutTheReceivedPicture(FxRobot robot) throws Exception {
        RgbImage image = new RgbImage(64, 64);
        java.util.Arrays.fill(image.pixels(), 0xF0F0F0);
        robot.interact(() -> bus.publish(new ImageHandOff(AskPage.ID, image, null, "a photo of a red bag")));
        assertEquals(image, page.view().image().get());
        assertEquals(List.of("New picture: “a photo of a red bag” from Create"), texts(robot, ".ask-picture-line"));
        waitFor(30, () -> !robot.lookup("#ask-send").queryButton().isDisabled());

        robot.clickOn("#ask-question").write("how many bags are there ?").press(javafx.scene.input.KeyCode.ENTER)
                .release(javafx.scene.input.KeyCode.ENTER);
        assertEquals(List.of("how many bags are there ?"), texts(robot, ".ask-question-bubble"));
        assertEquals("", robot.lookup("#ask-question").queryAs(TextField.class).getText(), "the field is ready for the next question");
        waitFor(60, () -> page.view().runningProperty().get() == null);
        List<String> answers = texts(robot, ".ask-answer");
        assertEquals(1, answers.size());
        assertNotEquals("…", answers.get(0), "the model's answer replaced the placeholder");
        assertFalse(answers.get(0).startsWith("(no answer"), answers.get(0));

        robot.clickOn("#ask-caption");
        waitFor(60, () -> page.view().runningProperty().get() == null);
        assertEquals(List.of("how many bags are there ?", "Describe the picture."), texts(robot, ".ask-question-bubble"));
        assertEquals(2, texts(robot, ".ask-answer").size());
        assertFalse(texts(robot, ".ask-answer").get(1).startsWith("("), texts(robot, ".ask-answer").get(1));

        robot.clickOn("#ask-send");
        assertTrue(text(robot, "#ask-status").startsWith("Type a question first"), "an empty question is refused");
    }

    @Test
    void aPictureFromAFileIsFittedWithANoticeAndANonPictureIsRefused(FxRobot robot) throws Exception {
        Path text = dir.resolve("notes.png");
        Files.writeString(text, "not a picture");
        robot.interact(() -> assertFalse(page.view().open(text)));
        assertTrue(text(robot, "#ask-status").contains("is not an image"), text(robot, "#ask-status"));

        Path big = dir.resolve("big.png");
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(128, 96, java.awt.image.BufferedImage.TYPE_INT_RGB);
        javax.imageio.ImageIO.write(img, "png", big.toFile());
        robot.interact(() -> assertTrue(page.view().open(big)));
        assertTrue(text(robot, "#ask-status").contains("big.png is 128x96: cropped to its centre 96x96 and scaled to 64x64"),
                text(robot, "#ask-status"));
        Node picture = robot.lookup("#ask-picture").query();
        assertTrue(picture.isVisible());
        assertEquals(64, page.view().image().get().width());
    }

    @Test
    void aTextToImageOnlyModelSaysWhatTrainsUnderstanding(FxRobot robot) throws Exception {
        robot.interact(() -> show(false));
        waitFor(30, () -> text(robot, "#ask-model-status").contains("text-to-image weights only"));
        assertTrue(text(robot, "#ask-model-status").contains("./mammoth train generator --tasks all"));
        robot.interact(() -> bus.publish(new ImageHandOff(AskPage.ID, new RgbImage(64, 64), null, null)));
        assertTrue(robot.lookup("#ask-send").queryButton().isDisabled());
        assertTrue(robot.lookup("#ask-caption").queryButton().isDisabled());
    }
}
