package studio.mammoth.app.create;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.mammoth.app.FxReads.text;
import static studio.mammoth.app.FxReads.waitFor;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import studio.mammoth.app.imaging.ImageModelSource;
import studio.mammoth.app.events.EventBus;
import studio.mammoth.app.events.ImageHandOff;
import studio.mammoth.app.events.ShowWorkspace;
import studio.mammoth.app.jobs.Job;
import studio.mammoth.app.jobs.JobRunner;
import studio.mammoth.app.jobs.JobState;
import studio.mammoth.app.shell.EngineMonitor;
import studio.mammoth.app.shell.ModelAssets;
import studio.mammoth.app.shell.PageContext;
import studio.mammoth.app.shell.ReadinessView;
import studio.mammoth.app.shell.ShortcutRegistry;
import studio.mammoth.model.align.AlignConfig;
import studio.mammoth.model.api.Generator;
import studio.mammoth.model.api.MammothModel;
import studio.mammoth.model.api.PngText;
import studio.mammoth.model.ar.ArConfig;
import studio.mammoth.model.dit.DitConfig;
import studio.mammoth.model.engine.DjlEngine;
import studio.mammoth.model.nn.Parameters;
import studio.mammoth.model.tok.MammothTok;
import studio.mammoth.model.world.Vocabulary;

/**
 * The Create workspace driven through its keys and buttons (headless through Monocle) on a tiny untrained model built
 * in memory: what it draws is noise, but the path — prompt, job, progress with the plan preview, cancel, results,
 * gallery, restore — is the one the shipped weights take.
 */
@ExtendWith(ApplicationExtension.class)
class CreatePageGuiTest {
    private static final String PROMPT = "a photo of a red bag";

    @TempDir
    Path dir;

    private EventBus bus;
    private JobRunner jobs;
    private Scene scene;
    private CreatePage page;
    private final AtomicBoolean weightsPresent = new AtomicBoolean(true);
    private final List<NDManager> managers = new ArrayList<>();

    /** Untrained tiny sizes over the whole world vocabulary; built in milliseconds. */
    private final ImageModelSource tinyModel = new ImageModelSource() {
        @Override
        public boolean present() {
            return weightsPresent.get();
        }

        @Override
        public Path location() {
            return dir.resolve("models");
        }

        @Override
        public MammothModel load() {
            NDManager manager = DjlEngine.engine().newBaseManager();
            managers.add(manager);
            MammothTok.Config tok = MammothTok.Config.tiny();
            Generator generator = new Generator(Generator.Config.of(ArConfig.tiny(), AlignConfig.tiny(), DitConfig.tiny(), 12, tok,
                    Vocabulary.words()), manager, 2);
            return new MammothModel(manager, new MammothTok(tok, new Parameters(manager, 1)), generator, "tiny-untrained");
        }
    };

    @Start
    void start(Stage stage) {
        bus = new EventBus();
        jobs = new JobRunner(bus, Platform::runLater);
        ShortcutRegistry shortcuts = new ShortcutRegistry();
        EngineMonitor engine = new EngineMonitor(bus, jobs, () -> new DjlEngine.Info("PyTorch", "test", 2, 1));
        PageContext context = new PageContext(bus, jobs, shortcuts, new ModelAssets(dir.resolve("models")), engine);
        page = new CreatePage(context, tinyModel, new Gallery(dir.resolve("gallery")));
        scene = new Scene(new javafx.scene.layout.StackPane(page.node()), 1200, 760);
        shortcuts.install(scene, () -> CreatePage.ID);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void close() {
        jobs.close();
        managers.forEach(NDManager::close);
    }

    private void awaitModel(FxRobot robot) throws Exception {
        waitFor(30, () -> page.view() != null && page.view().modelProperty().get() != null);
    }

    @Test
    void generateShowsTheStageWithThePlanPreviewAndEscCancels(FxRobot robot) throws Exception {
        awaitModel(robot);
        robot.clickOn("#create-prompt");
        robot.interact(() -> {
            // set, not typed: a completion popup opening under the typing could take the Ctrl+Enter below
            robot.lookup("#create-prompt").queryAs(TextField.class).setText(PROMPT);
            spinner(robot, "#create-steps").getValueFactory().setValue(200);
            spinner(robot, "#create-count").getValueFactory().setValue(4); // long enough to press Esc mid-run
        });
        // Every stage line is recorded: on a loaded machine the planning stage can be over between two polls.
        List<String> stages = new CopyOnWriteArrayList<>();
        robot.lookup("#create-stage").queryAs(Label.class).textProperty().addListener((o, old, now) -> stages.add(now));
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);

        try {
            waitFor(20, () -> stages.stream().anyMatch(s -> s.startsWith("Planning")));
        } catch (TimeoutException e) {
            throw new AssertionError("no planning stage within 20 s; the stage line showed " + stages, e);
        }
        Job<?> job = page.view().runningProperty().get();
        assertNotNull(job, "a job runs");
        assertEquals(JobState.RUNNING, job.state());
        assertTrue(robot.lookup("#create-generate").queryButton().isDisabled(), "Generate is off while a job runs");
        assertFalse(robot.lookup("#create-cancel").queryButton().isDisabled());
        assertTrue(robot.lookup("#create-progress").queryAs(ProgressBar.class).isVisible());
        waitFor(20, () -> robot.lookup("#create-preview").queryAs(ImageView.class).getImage() != null);
        assertEquals(64 * 5, robot.lookup("#create-preview").queryAs(ImageView.class).getImage().getWidth(), "plan preview scaled up 5x");

        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        waitFor(10, () -> job.state().isFinished());
        WaitForAsyncUtils.waitForFxEvents();

        assertEquals(JobState.CANCELLED, job.state());
        assertEquals("Cancelled.", text(robot, "#create-stage"));
        assertFalse(robot.lookup("#create-generate").queryButton().isDisabled(), "idle again: Generate is back");
        assertTrue(robot.lookup("#create-cancel").queryButton().isDisabled());
        assertFalse(robot.lookup("#create-progress").queryAs(ProgressBar.class).isVisible());
        assertTrue(robot.lookup(".gallery-entry").queryAll().isEmpty(), "a cancelled run stores nothing");
    }

    @Test
    void aFinishedRunLandsInTheGalleryAndAnEntryRestoresItsSettings(FxRobot robot) throws Exception {
        awaitModel(robot);
        robot.clickOn("#create-prompt").write(PROMPT);
        robot.interact(() -> {
            spinner(robot, "#create-seed").getValueFactory().setValue(41);
            spinner(robot, "#create-steps").getValueFactory().setValue(3);
            spinner(robot, "#create-guidance").getValueFactory().setValue(2.5);
            robot.lookup("#create-seed-lock").queryAs(javafx.scene.control.ToggleButton.class).setSelected(true);
        });
        robot.clickOn("#create-generate");
        try {
            waitFor(30, () -> text(robot, "#create-stage").startsWith("Done"));
        } catch (TimeoutException e) {
            throw new AssertionError("no result within 30 s; the stage line shows: " + text(robot, "#create-stage"), e);
        }

        assertEquals(1, robot.lookup(".create-result").queryAll().size());
        assertEquals(1, robot.lookup(".gallery-entry").queryAll().size(), text(robot, "#create-stage"));
        List<Path> files;
        try (var list = Files.list(dir.resolve("gallery"))) {
            files = list.toList();
        }
        assertEquals(1, files.size());
        Map<String, String> text = PngText.read(files.get(0));
        assertEquals(PROMPT, text.get("prompt"));
        assertEquals("41", text.get("seed"));
        assertEquals("3", text.get("steps"));
        assertEquals("tiny-untrained", text.get("model"));
        List<Gallery.Entry> reopened = new Gallery(dir.resolve("gallery")).load();
        assertEquals(1, reopened.size(), "a new window finds it again");
        Path exported = dir.resolve("exported.png");
        CreateView.exportTo(reopened.get(0), exported);
        assertEquals(text, PngText.read(exported), "the export keeps the settings");

        robot.interact(() -> {
            robot.lookup("#create-prompt").queryAs(TextField.class).setText("a blue sneaker");
            spinner(robot, "#create-seed").getValueFactory().setValue(5);
            spinner(robot, "#create-steps").getValueFactory().setValue(20);
        });
        robot.clickOn(".gallery-entry");
        assertEquals(PROMPT, robot.lookup("#create-prompt").queryAs(TextField.class).getText());
        assertEquals(41, spinner(robot, "#create-seed").getValue());
        assertEquals(3, spinner(robot, "#create-steps").getValue());
        assertEquals(2.5, spinner(robot, "#create-guidance").getValue());

        List<Object> handOffs = new ArrayList<>();
        bus.subscribe(ImageHandOff.class, handOffs::add);
        bus.subscribe(ShowWorkspace.class, handOffs::add);
        robot.clickOn("#create-open-in-edit");
        assertEquals(2, handOffs.size());
        ImageHandOff handOff = (ImageHandOff) handOffs.get(0);
        assertEquals("edit", handOff.targetWorkspace());
        assertEquals(files.get(0), handOff.file());
        assertEquals(new ShowWorkspace("edit"), handOffs.get(1));
    }

    @Test
    void droppedProductPngRestoresItsSettingsAndOtherPngsAreRefused(FxRobot robot) throws Exception {
        awaitModel(robot);
        Path made = dir.resolve("made.png");
        var image = new studio.mammoth.common.image.RgbImage(64, 64);
        PngText.write(image, PngText.settings(new studio.mammoth.model.api.GeneratedImage(image, "two red bags", 99, 12, 4.0, "m")), made);
        Path plain = dir.resolve("plain.png");
        PngText.write(image, Map.of(), plain);

        robot.interact(() -> assertFalse(page.view().restoreFrom(plain)));
        assertTrue(text(robot, "#create-stage").contains("no Mammoth Studio settings"));
        robot.interact(() -> assertTrue(page.view().restoreFrom(made)));
        assertEquals("two red bags", robot.lookup("#create-prompt").queryAs(TextField.class).getText());
        assertEquals(99, spinner(robot, "#create-seed").getValue());
        assertEquals(12, spinner(robot, "#create-steps").getValue());
        assertEquals(4.0, spinner(robot, "#create-guidance").getValue());
    }

    @Test
    void theGallerySearchKeepsThePromptsWithEveryWordAndUpRecallsEarlierPrompts(FxRobot robot) throws Exception {
        Path folder = dir.resolve("older-gallery");
        Files.createDirectories(folder);
        List<String> oldestFirst = List.of("a photo of a red bag", "a photo of a blue sneaker", "two red bags", "a photo of a blue sneaker");
        for (int i = 0; i < oldestFirst.size(); i++) {
            Path file = folder.resolve("made-" + i + ".png");
            var image = new studio.mammoth.common.image.RgbImage(64, 64);
            PngText.write(image, PngText.settings(new studio.mammoth.model.api.GeneratedImage(image, oldestFirst.get(i), i, 12, 3.0, "m")), file);
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        CreatePage[] reopened = new CreatePage[1];
        robot.interact(() -> {
            reopened[0] = new CreatePage(secondPageContext(), tinyModel, new Gallery(folder));
            scene.setRoot(new javafx.scene.layout.StackPane(reopened[0].node()));
        });
        waitFor(30, () -> reopened[0].view().modelProperty().get() != null);
        assertEquals(4, robot.lookup(".gallery-entry").queryAll().size());
        assertEquals("4 pictures", text(robot, "#create-gallery-count"));

        robot.clickOn("#create-gallery-search").write("RED");
        assertEquals(2, robot.lookup(".gallery-entry").queryAll().size(), "both prompts with red, whatever the case");
        assertEquals("2 of 4 pictures", text(robot, "#create-gallery-count"));
        robot.interact(() -> robot.lookup("#create-gallery-search").queryAs(TextField.class).setText("bag photo"));
        assertEquals(1, robot.lookup(".gallery-entry").queryAll().size(), "every word must be in the prompt");
        robot.interact(() -> robot.lookup("#create-gallery-search").queryAs(TextField.class).setText("green"));
        assertTrue(robot.lookup(".gallery-entry").queryAll().isEmpty());
        assertEquals("No prompt in the gallery contains “green”.", text(robot, "#create-gallery-empty"));
        robot.interact(() -> robot.lookup("#create-gallery-search").queryAs(TextField.class).setText(""));
        assertEquals(4, robot.lookup(".gallery-entry").queryAll().size());

        robot.clickOn("#create-prompt").write("a coat");
        TextField prompt = robot.lookup("#create-prompt").queryAs(TextField.class);
        List<String> recalled = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            robot.press(KeyCode.UP).release(KeyCode.UP);
            recalled.add(prompt.getText());
        }
        assertEquals(List.of("a photo of a blue sneaker", "two red bags", "a photo of a red bag", "a photo of a red bag"), recalled,
                "newest first, a repeated prompt once, and the oldest stays");
        for (int i = 0; i < 3; i++) {
            robot.press(KeyCode.DOWN).release(KeyCode.DOWN);
        }
        assertEquals("a coat", prompt.getText(), "Down goes back to what was being typed");
    }

    @Test
    void unknownWordsNameTheClosestKnownWordAndCompletionOffersKnownWords(FxRobot robot) throws Exception {
        awaitModel(robot);
        robot.clickOn("#create-prompt").write("a photo of a red bagg");
        WaitForAsyncUtils.waitForFxEvents();
        Label problem = robot.lookup("#create-prompt-problem").queryAs(Label.class);
        assertTrue(problem.isVisible());
        assertTrue(problem.getText().contains("\"bagg\"") && problem.getText().contains("\"bag\""), problem.getText());
        robot.interact(() -> robot.lookup("#create-prompt").queryAs(TextField.class).setText(""));
        robot.clickOn("#create-generate");
        assertTrue(page.view().runningProperty().get() == null, "an empty prompt is refused");
        assertTrue(text(robot, "#create-stage").contains("empty"), text(robot, "#create-stage"));

        robot.interact(() -> robot.lookup("#create-prompt").queryAs(TextField.class).setText(
                "a photo of a red bag left of a blue sneaker and a green coat"));
        assertTrue(problem.getText().contains("at most 12"), problem.getText());

        robot.interact(() -> robot.lookup("#create-prompt").queryAs(TextField.class).setText(""));
        robot.clickOn("#create-prompt").write("a sne");
        WaitForAsyncUtils.waitForFxEvents();
        PromptField field = (PromptField) page.view().promptNode();
        assertEquals(List.of("sneaker", "sneakers"), field.shownSuggestions());
        robot.interact(() -> field.complete("sneaker"));
        assertEquals("a sneaker ", field.text());
    }

    @Test
    void readinessUntilTheWeightsAppear(FxRobot robot) {
        weightsPresent.set(false);
        PageContext context = secondPageContext();
        CreatePage[] missing = new CreatePage[1];
        robot.interact(() -> missing[0] = new CreatePage(context, tinyModel, new Gallery(dir.resolve("gallery"))));
        CreatePage fresh = missing[0];
        ReadinessView readiness = (ReadinessView) ((javafx.scene.layout.StackPane) fresh.node()).getChildren().get(0);
        assertTrue(readiness.readiness().headline().contains("./mammoth train tokenizer"), readiness.readiness().headline());
        assertTrue(readiness.readiness().headline().contains("./mammoth train generator"), readiness.readiness().headline());
        assertNull(fresh.view(), "no controls without weights");

        weightsPresent.set(true);
        robot.interact(fresh::shown);
        assertNotNull(fresh.view(), "shown() finds the weights and builds the controls");
        assertSame(fresh.view(), ((javafx.scene.layout.StackPane) fresh.node()).getChildren().get(0));
    }

    /** The context of a second Create page on the same bus and jobs, with its own shortcuts (the first page holds Ctrl+Enter). */
    private PageContext secondPageContext() {
        return new PageContext(bus, jobs, new ShortcutRegistry(), new ModelAssets(dir.resolve("models")),
                new EngineMonitor(bus, jobs, () -> new DjlEngine.Info("PyTorch", "test", 2, 1)));
    }

    @SuppressWarnings("unchecked")
    private static <T> Spinner<T> spinner(FxRobot robot, String query) {
        return (Spinner<T>) robot.lookup(query).queryAs(Spinner.class);
    }
}
