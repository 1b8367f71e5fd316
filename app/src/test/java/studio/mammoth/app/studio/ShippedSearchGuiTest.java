package studio.mammoth.app.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.mammoth.app.FxReads.onFx;
import static studio.mammoth.app.FxReads.text;
import static studio.mammoth.app.FxReads.waitFor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import studio.mammoth.common.task.Task;
import studio.mammoth.tinyformer.nas.SearchEvent;
import studio.mammoth.tinyformer.nas.SearchReport;
import studio.mammoth.tinyformer.nas.SparseNas;

/** The Search tab opens on the search behind the shipped model (the committed files of assets/models/tinyformer). */
@ExtendWith(ApplicationExtension.class)
class ShippedSearchGuiTest {
    private static final Path SHIPPED = Path.of("..", "assets", "models", "tinyformer");

    @TempDir
    static Path dir;

    private StudioWorkspaceGuiTest.Opened opened;
    private StudioPage page;

    @Start
    void start(Stage stage) throws Exception {
        Path models = Files.createDirectories(dir.resolve("models").resolve("tinyformer"));
        for (String f : new String[] {ShippedSearch.RESULT, ShippedSearch.CANDIDATES}) {
            Files.copy(SHIPPED.resolve(f), models.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        opened = StudioWorkspaceGuiTest.Opened.show(stage, dir, dir.resolve("models"), new WithoutSupernet(new StudioWorkspaceGuiTest.TinySearch(dir)));
        page = opened.page();
    }

    /** A fresh clone: the shipped search is committed, the supernet a new search needs is not. */
    private record WithoutSupernet(SearchBackend searching) implements SearchBackend {
        static final String WHY = "No trained supernet: run ./mammoth tinyformer train-supernet";

        @Override
        public Optional<String> missing() {
            return Optional.of(WHY);
        }

        @Override
        public Task<SparseNas.Result> search(SearchRequest request, Consumer<CandidatePoint> points) {
            return searching.search(request, points);
        }

        @Override
        public Task<Path> compile(CandidatePoint chosen) {
            return searching.compile(chosen);
        }
    }

    @AfterEach
    void closeEverything() {
        opened.close();
    }

    @Test
    void theShippedSearchIsInTheScatterWithItsWinnerOpen(FxRobot robot) throws Exception {
        List<SearchEvent> events = SearchReport.EventCsv.read(SHIPPED.resolve(ShippedSearch.CANDIDATES));
        long fitting = events.stream().filter(SearchEvent::fits).count();
        SearchReport.Saved saved = SearchReport.read(SHIPPED.resolve(ShippedSearch.RESULT));
        CandidateChart chart = page.searchView().chart();
        assertEquals(fitting, (long) onFx(chart::pointCount), "every candidate within the limits is a point");
        assertTrue(onFx(chart::getTitle).contains("shipped model"), onFx(chart::getTitle));
        // the workspace coming to the front re-checks the supernet without hiding what the scatter shows
        robot.interact(page::shown);
        String status = text(robot, "#search-status");
        assertTrue(status.startsWith("Showing the search that chose the shipped model") && status.endsWith(WithoutSupernet.WHY), status);

        // each legend entry of a series with points shows that series' symbol
        List<String> legendSymbols = onFx(() -> robot.lookup(".chart-legend-item").queryAllAs(javafx.scene.control.Label.class).stream()
                .filter(l -> l.getText().startsWith("sparsity < 75%") || l.getText().equals("Pareto front"))
                .map(l -> String.join(" ", l.getGraphic().getStyleClass())).toList());
        assertEquals(2, legendSymbols.size(), legendSymbols.toString());
        legendSymbols.forEach(c -> assertTrue(c.contains("default-color"), "legend symbol styled like its points: " + c));

        TableView<?> layers = robot.lookup("#candidate-layers").queryAs(TableView.class);
        waitFor(20, () -> !layers.getItems().isEmpty());
        assertTrue(text(robot, "#candidate-heading").contains(saved.winner().description()), text(robot, "#candidate-heading"));
        assertTrue(text(robot, "#candidate-flash-text").contains("of 1024.0 KB"), text(robot, "#candidate-flash-text"));

        // a point whose genes the result does not keep says so instead of showing stale layers
        CandidatePoint withoutGenes = ShippedSearch.load(dir.resolve("models").resolve("tinyformer")).orElseThrow().points().stream()
                .filter(p -> p.candidate() == null).findFirst().orElseThrow();
        javafx.scene.Node node = onFx(() -> chart.getData().stream().limit(CandidateChart.BUCKETS.length).flatMap(s -> s.getData().stream())
                .filter(d -> d.getXValue().doubleValue() == withoutGenes.event().effectiveMacs() / 1e6
                        && d.getYValue().doubleValue() == 100 * withoutGenes.event().accuracy())
                .findFirst().orElseThrow().getNode());
        robot.clickOn(node);
        waitFor(10, () -> text(robot, "#candidate-heading").contains("keeps the genes of its winner and Pareto set only"));
    }
}
