package studio.mammoth.app.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.mammoth.app.FxReads.onFx;
import static studio.mammoth.app.FxReads.text;
import static studio.mammoth.app.FxReads.waitFor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import javafx.scene.control.Button;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import studio.mammoth.app.shell.ModelAssets;
import studio.mammoth.app.shell.SettingsStore;
import studio.mammoth.app.shell.StudioShell;
import studio.mammoth.common.task.Task;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.model.engine.DjlEngine;
import studio.mammoth.tinyformer.board.EmulatedBoard;
import studio.mammoth.tinyformer.nas.CompilerCostModel;
import studio.mammoth.tinyformer.nas.SearchDefaults;
import studio.mammoth.tinyformer.nas.SparseNas;
import studio.mammoth.tinyformer.space.SearchSpace;

/**
 * The Studio workspace driven like a user would (headless through Monocle): flash a model compiled by the project's
 * compiler to the emulated board (real QEMU, real firmware, real protocol), and a tiny search whose live events fill
 * the scatter.
 */
@ExtendWith(ApplicationExtension.class)
class StudioWorkspaceGuiTest {
    @TempDir
    static Path dir;
    private static int runs;

    private Opened opened;
    private StudioPage page;

    /**
     * SparseNAS itself (real evolution, real compiler cost and constraint check) in a tiny space, with a stand-in
     * scorer: candidates are scored by a fixed function of their genome instead of the trained supernet, which is not
     * committed. The view under test only sees the search's real events.
     */
    static final class TinySearch implements SearchBackend {
        static final SearchSpace SPACE = SearchSpace.hybrid(0.5, 16);
        private final Path out;

        TinySearch(Path out) {
            this.out = out;
        }

        @Override
        public Optional<String> missing() {
            return Optional.empty();
        }

        @Override
        public Task<SparseNas.Result> search(SearchRequest request, Consumer<CandidatePoint> points) {
            return new Task<>() {
                @Override
                public String title() {
                    return "tiny search";
                }

                @Override
                public SparseNas.Result run(TaskContext ctx) {
                    Pairing pairing = new Pairing(SPACE, points);
                    return new SparseNas(SPACE, SearchDefaults.searchCost(), request.constraints(), pairing.wrap(
                            c -> 0.6 + 0.3 * (1 - c.sparsity().weightSparsity(SPACE, c.arch())) + (Math.abs(c.key().hashCode()) % 100) / 1e3),
                            request.settings(), pairing::accept).run(ctx);
                }
            };
        }

        @Override
        public Task<Path> compile(CandidatePoint chosen) {
            return new Task<>() {
                @Override
                public String title() {
                    return "compile tiny candidate";
                }

                @Override
                public Path run(TaskContext ctx) throws Exception {
                    Path blob = out.resolve("candidate-" + chosen.event().index() + ".blob");
                    Files.write(blob, CompilerCostModel.compile(chosen.space(), chosen.candidate().arch(), chosen.candidate().sparsity()).blob());
                    return blob;
                }
            };
        }
    }

    @Start
    void start(Stage stage) throws Exception {
        Path run = Files.createDirectories(dir.resolve("run-" + ++runs));
        opened = Opened.show(stage, run, run.resolve("no-models"));
        page = opened.page();
    }

    @AfterEach
    void closeEverything() {
        opened.close();
    }

    /** The shell showing the Studio workspace, its models in {@code models}, searching with {@link TinySearch}. */
    record Opened(StudioShell shell, StudioPage page) {
        static Opened show(Stage stage, Path run, Path models) {
            return show(stage, run, models, new TinySearch(run));
        }

        static Opened show(Stage stage, Path run, Path models, SearchBackend search) {
            StudioPage[] page = new StudioPage[1];
            StudioShell.Services services = new StudioShell.Services(new SettingsStore(run.resolve("settings.json")),
                    new ModelAssets(models), () -> new DjlEngine.Info("PyTorch", "2.7.1", 2, 1), false,
                    ctx -> List.of(page[0] = new StudioPage(ctx, search, run.resolve("emulated-board"))));
            StudioShell shell = new StudioShell(services);
            shell.attach(stage);
            stage.setWidth(1260);
            stage.setHeight(780);
            stage.show();
            shell.show(StudioPage.ID);
            return new Opened(shell, page[0]);
        }

        void close() {
            WaitForAsyncUtils.asyncFx(() -> {
                page.close();
                shell.close();
            });
            WaitForAsyncUtils.waitForFxEvents();
        }
    }

    private static boolean enabled(FxRobot robot, String query) {
        return !robot.lookup(query).queryAs(Button.class).isDisabled();
    }

    @Test
    void flashesACompiledModelToTheEmulatedBoard(FxRobot robot) throws Exception {
        assertTrue(text(robot, "#page-studio #readiness-headline").startsWith("No TinyFormer model yet"),
                "without a shipped model the workspace says so");
        robot.clickOn("#tab-boards");
        robot.clickOn("#model-example");
        waitFor(20, () -> page.boardsView().model() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(text(robot, "#board-flash-text").contains("of 1024.0 KB"), "flash bar against the limit: " + text(robot, "#board-flash-text"));
        assertTrue(text(robot, "#board-sram-text").contains("of 320.0 KB"), "SRAM bar against the limit: " + text(robot, "#board-sram-text"));

        robot.clickOn("#board-start-emulated");
        ListView<?> list = robot.lookup("#board-list").queryAs(ListView.class);
        waitFor(30, () -> list.getSelectionModel().getSelectedItem() != null && enabled(robot, "#board-flash-button"));
        assertEquals(1, EmulatedBoard.running().size(), "one QEMU started by the workspace");
        assertTrue(onFx(() -> list.getItems().get(0).toString()).contains("emulated=true"));

        robot.clickOn("#board-flash-button");
        ProgressBar progress = robot.lookup("#board-progress").queryAs(ProgressBar.class);
        waitFor(30, () -> text(robot, "#board-status").startsWith("Done:") || text(robot, "#board-status").startsWith("Flash failed"));
        assertTrue(text(robot, "#board-status").startsWith("Done: flashed"), text(robot, "#board-status"));
        assertEquals(1.0, onFx(progress::getProgress), 1e-9);
        assertTrue(text(robot, "#board-status").matches(".* at [0-9.]+ KB/s.*"), "shows the transfer rate: " + text(robot, "#board-status"));

        CRC32 crc = new CRC32();
        crc.update(page.boardsView().model().bytes());
        String activeCrc = String.format(Locale.ROOT, "CRC %08x", crc.getValue());
        assertTrue(text(robot, "#board-active-model").startsWith("Active model: slot"), text(robot, "#board-active-model"));
        assertTrue(text(robot, "#board-active-model").contains(activeCrc), "the board reports the flashed model active: "
                + text(robot, "#board-active-model") + " vs " + activeCrc);
        String console = onFx(() -> robot.lookup("#board-console").queryAs(javafx.scene.control.TextArea.class).getText());
        assertTrue(console.contains("ping ") && console.contains("» flashing") && console.contains("verified"), console);

        robot.interact(() -> {
            robot.lookup("#board-eval-images").queryAs(javafx.scene.control.Spinner.class).getValueFactory().setValue(4);
            robot.lookup("#board-dense-images").queryAs(javafx.scene.control.Spinner.class).getValueFactory().setValue(2);
        });
        robot.clickOn("#board-evaluate");
        waitFor(60, () -> text(robot, "#board-status").startsWith("Evaluation"));
        assertEquals("Evaluation done", text(robot, "#board-status"));
        assertTrue(text(robot, "#board-eval-summary").contains("4 / 4 (100.0% bit-exact)"), text(robot, "#board-eval-summary"));
        assertTrue(text(robot, "#board-dense-vs-sparse").contains("dense variant bit-exact on 2 / 2 images"), text(robot, "#board-dense-vs-sparse"));
        List<String> layerTexts = onFx(() -> robot.lookup("#board-layer-bars .label").queryAllAs(javafx.scene.control.Label.class).stream()
                .map(javafx.scene.control.Label::getText).toList());
        assertTrue(layerTexts.stream().anyMatch(t -> t.matches("\\d+ \\([0-9.]+%\\), dense \\d+ \\([0-9.]+x\\)")),
                "each sparse layer's bar shows its dense-variant cost: " + layerTexts);

        WaitForAsyncUtils.asyncFx(page::close).get(20, TimeUnit.SECONDS);
        assertTrue(EmulatedBoard.running().isEmpty(), "closing the workspace stops QEMU");
    }

    @Test
    void aTinySearchFillsTheScatterAndCompilesTheRecommendedCandidate(FxRobot robot) throws Exception {
        robot.interact(() -> {
            robot.lookup("#search-population").queryAs(javafx.scene.control.Spinner.class).getValueFactory().setValue(6);
            robot.lookup("#search-generations").queryAs(javafx.scene.control.Spinner.class).getValueFactory().setValue(1);
        });
        robot.clickOn("#search-run");
        waitFor(40, () -> text(robot, "#search-status").startsWith("Done") || text(robot, "#search-status").startsWith("Search stopped"));
        assertTrue(text(robot, "#search-status").startsWith("Done"), text(robot, "#search-status"));
        CandidateChart chart = page.searchView().chart();
        int points = onFx(chart::pointCount);
        assertTrue(points >= 6, "every scored candidate is a point: " + points);
        int plotted = onFx(() -> chart.getData().stream().limit(CandidateChart.BUCKETS.length).mapToInt(s -> s.getData().size()).sum());
        assertEquals(points, plotted);
        assertFalse(onFx(() -> chart.getData().get(CandidateChart.BUCKETS.length).getData().isEmpty()), "the Pareto series has points");

        robot.clickOn("#search-recommend");
        TableView<?> layers = robot.lookup("#candidate-layers").queryAs(TableView.class);
        waitFor(20, () -> !layers.getItems().isEmpty());
        assertTrue(text(robot, "#candidate-flash-text").contains("of 1024.0 KB"), text(robot, "#candidate-flash-text"));
        assertTrue(text(robot, "#candidate-sram-text").contains("of 320.0 KB"), text(robot, "#candidate-sram-text"));

        robot.clickOn("#search-compile");
        waitFor(20, () -> page.boardsView().model() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(text(robot, "#board-model").startsWith("candidate-"), text(robot, "#board-model"));
    }

    @Test
    void escCancelsARunningSearchThroughTheJobRunner(FxRobot robot) throws Exception {
        robot.interact(() -> {
            robot.lookup("#search-population").queryAs(javafx.scene.control.Spinner.class).getValueFactory().setValue(100);
            robot.lookup("#search-generations").queryAs(javafx.scene.control.Spinner.class).getValueFactory().setValue(50);
        });
        robot.clickOn("#search-scatter");
        robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.ENTER)
                .release(javafx.scene.input.KeyCode.ENTER, javafx.scene.input.KeyCode.CONTROL);
        waitFor(20, () -> page.searchView().chart().pointCount() > 0);
        robot.press(javafx.scene.input.KeyCode.ESCAPE).release(javafx.scene.input.KeyCode.ESCAPE);
        waitFor(20, () -> text(robot, "#search-status").startsWith("Search stopped"));
        assertTrue(text(robot, "#search-status").startsWith("Search stopped (cancelled)"), text(robot, "#search-status"));
        assertTrue(onFx(() -> page.searchView().chart().pointCount()) < 100 * 51, "stopped before the budget was spent");
        assertTrue(onFx(() -> enabled(robot, "#search-run")), "Run is available again");
    }
}
