package studio.mammoth.app.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.mammoth.app.FxReads.text;
import static studio.mammoth.app.FxReads.waitFor;

import atlantafx.base.theme.PrimerDark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.Callable;
import javafx.application.Application;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.NodeQueryUtils;
import org.testfx.util.WaitForAsyncUtils;
import studio.mammoth.app.jobs.Job;
import studio.mammoth.app.jobs.JobState;
import studio.mammoth.app.undo.CommandHistory;
import studio.mammoth.app.undo.UndoableCommand;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignN;
import studio.mammoth.common.task.Task;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.model.engine.DjlEngine;

/** The window driven like a user would (headless through Monocle): navigation, theme, the job queue, the sheet. */
@ExtendWith(ApplicationExtension.class)
class StudioShellGuiTest {
    @TempDir
    static Path dir;

    private static int runs;
    private StudioShell shell;
    private Stage stage;
    /** A fresh settings folder per test, so no test starts from another's saved theme or workspace. */
    private Path settingsDir;

    /** A quick stand-in for the DJL probe: the real engine is exercised by doctor and by the end-to-end tests. */
    static final Callable<DjlEngine.Info> QUICK_ENGINE = () -> new DjlEngine.Info("PyTorch", "2.7.1", 2, 1);

    static StudioShell.Services services(Path settingsDir) {
        return services(settingsDir, Workspaces::createAll);
    }

    static StudioShell.Services services(Path settingsDir, Function<PageContext, List<Page>> pages) {
        return new StudioShell.Services(new SettingsStore(settingsDir.resolve("settings.json")),
                new ModelAssets(settingsDir.resolve("no-models")), QUICK_ENGINE, true, pages);
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        settingsDir = dir.resolve("run-" + ++runs);
        shell = new StudioShell(services(settingsDir));
        shell.attach(stage);
        stage.show();
    }

    @AfterEach
    void closeShell() {
        shell.close();
    }

    @Test
    void navigatesBetweenAllFourWorkspacesByClickAndByKey(FxRobot robot) throws Exception {
        for (String id : Workspaces.ids()) {
            robot.clickOn("#nav-" + id);
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(id, shell.activeWorkspace());
            assertTrue(robot.lookup("#page-" + id).query().isVisible());
        }
        assertEquals("Studio", text(robot, "#page-title"));
        assertTrue(text(robot, "#page-studio #readiness-headline").startsWith("No TinyFormer model yet"));

        robot.press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("edit", shell.activeWorkspace());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(text(robot, "#page-edit #edit-model-status").startsWith("No image model yet"), text(robot, "#page-edit #edit-model-status"));
        assertTrue(text(robot, "#page-edit #edit-model-status").contains("./mammoth train tokenizer and ./mammoth train generator"));
        assertTrue(robot.lookup("#nav-edit").queryAs(javafx.scene.control.ToggleButton.class).isSelected());
    }

    @Test
    void statusBarShowsTheLoadedEngine(FxRobot robot) throws Exception {
        waitFor(10, () -> text(robot, "#status-engine").equals("engine: ready (PyTorch 2.7.1, 2 threads)"));
        assertTrue(text(robot, "#status-memory").matches("memory: \\d+ MB heap( · [0-9.]+ [MG]B process)?"),
                text(robot, "#status-memory"));
    }

    @Test
    void themeSwitchAppliesDarkAndIsRemembered(FxRobot robot) throws Exception {
        Theme before = shell.themes().theme();
        assertEquals(Theme.LIGHT, before, "a first start is light");
        robot.clickOn("#theme-toggle");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before.other(), shell.themes().theme());
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.T).release(KeyCode.T, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before, shell.themes().theme());
        robot.clickOn("#theme-toggle");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Theme.DARK, shell.themes().theme());
        assertEquals(new PrimerDark().getUserAgentStylesheet(), Application.getUserAgentStylesheet());
        assertEquals("Light theme", text(robot, "#theme-toggle"));
        assertEquals(Theme.DARK, new SettingsStore(settingsDir.resolve("settings.json")).load().theme(), "saved at once");
    }

    @Test
    void aJobShowsProgressInTheQueueAndStopsWhenCancelled(FxRobot robot) throws Exception {
        SlowSteps task = new SlowSteps();
        Job<Integer> job = shell.jobs().submit(task);
        robot.clickOn("#status-jobs");
        String row = "#job-" + job.id();
        waitFor(10, () -> robot.lookup(row + " .job-percent").tryQuery().map(n -> !((Labeled) n).getText().isEmpty()).orElse(false));
        waitFor(10, () -> text(robot, row + " .job-state").startsWith("running · step "));
        assertTrue(text(robot, "#status-jobs").startsWith("jobs: 1 running"));
        assertTrue(text(robot, "#status-engine").equals("engine: busy (Count slowly)"));

        robot.clickOn(row + " .job-cancel");
        waitFor(10, () -> job.state() == JobState.CANCELLED);
        waitFor(10, () -> text(robot, row + " .job-state").startsWith("cancelled"));
        assertTrue(task.stoppedEarly, "the task saw the cancel token and stopped");
        assertTrue(task.reached < SlowSteps.STEPS, "ran to the end despite the cancel");
        waitFor(10, () -> text(robot, "#status-engine").equals("engine: ready (PyTorch 2.7.1, 2 threads)"));
        assertEquals("jobs: idle", text(robot, "#status-jobs"));
    }

    @Test
    void aSecondHeavyJobWaitsInTheQueueUntilTheFirstIsDone(FxRobot robot) throws Exception {
        SlowSteps first = new SlowSteps();
        SlowSteps second = new SlowSteps();
        Job<Integer> a = shell.jobs().submit(first);
        Job<Integer> b = shell.jobs().submit(second);
        robot.clickOn("#status-jobs");
        waitFor(10, () -> a.state() == JobState.RUNNING);
        assertTrue(text(robot, "#job-" + b.id() + " .job-state").startsWith("queued"));
        assertEquals("jobs: 1 running · 1 queued", text(robot, "#status-jobs"));

        robot.clickOn("#jobs-cancel-all");
        waitFor(10, () -> a.state() == JobState.CANCELLED && b.state() == JobState.CANCELLED);
        assertEquals(0, second.reached, "the queued job never started");
    }

    @Test
    void f1OpensTheShortcutSheetWithTheRealKeys(FxRobot robot) throws Exception {
        robot.press(KeyCode.F1).release(KeyCode.F1);
        waitFor(10, () -> sheetShown(robot));
        for (String key : new String[] {"Ctrl+1", "Ctrl+4", "Ctrl+Shift+T", "F1", "Ctrl+Q", "Ctrl+J"}) {
            assertTrue(robot.lookup("#shortcut-sheet .kbd").queryAllAs(Labeled.class).stream().anyMatch(l -> l.getText().equals(key)),
                    key + " missing from the sheet");
        }
        robot.clickOn("#shortcut-sheet-close");
        waitFor(10, () -> !sheetShown(robot));

        robot.press(KeyCode.F1).release(KeyCode.F1);
        waitFor(10, () -> sheetShown(robot));
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        waitFor(10, () -> !sheetShown(robot));
    }

    /** The sheet is on screen: present and visible up its whole parent chain (a hidden modal pane may keep it). */
    private static boolean sheetShown(FxRobot robot) {
        return robot.lookup("#shortcut-sheet").tryQuery().map(n -> NodeQueryUtils.isVisible().test(n)).orElse(false);
    }

    @Test
    void windowSizeAndWorkspaceAreRememberedWhenTheWindowCloses(FxRobot robot) throws Exception {
        robot.clickOn("#nav-ask");
        robot.interact(() -> {
            stage.setWidth(1111);
            stage.setHeight(777);
        });
        WaitForAsyncUtils.waitForFxEvents();
        double sceneWidth = stage.getScene().getWidth();
        robot.interact(stage::hide);
        Settings saved = new SettingsStore(settingsDir.resolve("settings.json")).load();
        assertEquals("ask", saved.workspace());
        assertEquals(sceneWidth, saved.width(), 0.5);

        robot.interact(() -> {
            shell = new StudioShell(services(settingsDir));
            shell.attach(stage);
            stage.show();
        });
        assertEquals("ask", shell.activeWorkspace());
        assertEquals(sceneWidth, stage.getScene().getWidth(), 0.5);
    }

    @Test
    void undoAndRedoFollowTheShownWorkspacesHistory(FxRobot robot) throws Exception {
        NotesPage[] notes = new NotesPage[1];
        robot.interact(() -> {
            shell.close();
            shell = new StudioShell(services(settingsDir, context -> {
                List<Page> pages = new ArrayList<>(Workspaces.createAll(context));
                notes[0] = new NotesPage(context);
                pages.add(notes[0]);
                return pages;
            }));
            shell.attach(stage);
        });
        robot.clickOn("#nav-notes");
        Button undo = robot.lookup("#undo").queryAs(Button.class);
        assertTrue(undo.isVisible() && undo.isDisabled(), "an empty history offers nothing to undo");

        robot.interact(() -> notes[0].add("first line"));
        robot.interact(() -> notes[0].add("second line"));
        assertEquals("Undo Add “second line”", undo.getTooltip().getText());
        robot.clickOn("#undo");
        assertEquals("first line", notes[0].text.getText());
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("", notes[0].text.getText(), "the page's own Ctrl+Z acts while it is shown");
        robot.clickOn("#redo");
        assertEquals("first line", notes[0].text.getText());

        robot.press(KeyCode.CONTROL, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(!undo.isVisible(), "Create keeps no history, so no undo button");
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("first line", notes[0].text.getText(), "Ctrl+Z of another workspace must not act here");
    }

    /** A minimal editing workspace: lines of text, each added line an undoable step. */
    static final class NotesPage implements Page {
        final Label text = new Label("");
        final CommandHistory history = new CommandHistory();

        NotesPage(PageContext context) {
            context.shortcuts().forPage("notes", "Notes", new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN),
                    "Undo", history::undo);
        }

        void add(String line) {
            String before = text.getText();
            history.execute(new UndoableCommand() {
                @Override
                public void execute() {
                    text.setText(before.isEmpty() ? line : before + "\n" + line);
                }

                @Override
                public void undo() {
                    text.setText(before);
                }

                @Override
                public String description() {
                    return "Add “" + line + "”";
                }
            });
        }

        @Override
        public String id() {
            return "notes";
        }

        @Override
        public String title() {
            return "Notes";
        }

        @Override
        public String summary() {
            return "Lines of text";
        }

        @Override
        public Ikon icon() {
            return MaterialDesignN.NOTE_TEXT_OUTLINE;
        }

        @Override
        public javafx.scene.Node node() {
            return text;
        }

        @Override
        public Optional<CommandHistory> history() {
            return Optional.of(history);
        }
    }

    /**
     * Counts slowly (twenty milliseconds a step, far longer in total than any test waits), checking its cancel token
     * between steps like a model loop does.
     */
    static final class SlowSteps implements Task<Integer> {
        static final int STEPS = 5000;
        volatile int reached;
        volatile boolean stoppedEarly;

        @Override
        public String title() {
            return "Count slowly";
        }

        @Override
        public Integer run(TaskContext context) throws Exception {
            for (int i = 1; i <= STEPS; i++) {
                if (context.cancelToken().isCancelled()) {
                    stoppedEarly = true;
                }
                context.throwIfCancelled();
                reached = i;
                context.report((double) i / STEPS, "counting", "step " + i + "/" + STEPS);
                Thread.sleep(20);
            }
            return reached;
        }
    }
}
