package studio.mammoth.app.studio;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import studio.mammoth.app.jobs.Job;
import studio.mammoth.app.jobs.JobRunner;
import studio.mammoth.common.task.Task;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.tinyformer.compile.CompiledModel;
import studio.mammoth.tinyformer.nas.CompilerCostModel;
import studio.mammoth.tinyformer.nas.SparseNas;

/**
 * The search tab: the board's limits and the evolution's budget on the left, the live scatter in the middle, the
 * chosen candidate's layers and memory on the right; a candidate can be compiled to a blob for the Boards tab.
 */
final class SearchView extends BorderPane {
    /** Board profiles: the real target and the emulator standing in for it (same linker limits). */
    enum BoardProfile {
        STM32F746("STM32F746 (1 MB flash, 320 KB SRAM)", 1024, 320),
        EMULATED("Emulated Cortex-M7, QEMU mps2-an500 (same limits)", 1024, 320);

        final String label;
        final int flashKb;
        final int sramKb;

        BoardProfile(String label, int flashKb, int sramKb) {
            this.label = label;
            this.flashKb = flashKb;
            this.sramKb = sramKb;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final JobRunner jobs;
    private final SearchBackend backend;
    private final BiConsumer<Path, String> compiledBlob;

    private final ComboBox<BoardProfile> profile = new ComboBox<>();
    private final Spinner<Integer> flashKb = new Spinner<>(16, 16 * 1024, 1024, 64);
    private final Spinner<Integer> sramKb = new Spinner<>(8, 4096, 320, 16);
    private final Spinner<Double> maxMmacs = new Spinner<>(0.1, 100, 8, 0.5);
    private final Spinner<Double> minSparsity = new Spinner<>(0.0, 0.95, 0.7, 0.05);
    private final Spinner<Double> minMacSparsity = new Spinner<>(0.0, 0.95, 0.0, 0.05);
    private final Spinner<Integer> population = new Spinner<>(2, 200, 20, 2);
    private final Spinner<Integer> generations = new Spinner<>(0, 100, 2, 1);
    private final Spinner<Integer> seed = new Spinner<>(0, Integer.MAX_VALUE, 1, 1);
    private final Button run = new Button("Run search", new FontIcon(MaterialDesignP.PLAY));
    private final Button cancel = new Button("Cancel", new FontIcon(MaterialDesignS.STOP));
    private final Button recommend = new Button("Pick recommended");
    private final Button compile = new Button("Compile chosen", new FontIcon(MaterialDesignC.CHIP));
    private final ProgressBar progress = new ProgressBar(0);
    private final Label status = new Label();
    private final Label backendNote = new Label();
    private final CandidateChart chart = new CandidateChart();
    private final CandidateDetails details = new CandidateDetails();

    private Job<SparseNas.Result> searchJob;
    private SearchRequest lastRequest;
    /** What the scatter shows while it holds the shipped model's search; null once the user has searched. */
    private String shippedSummary;
    private CandidatePoint chosen;

    SearchView(JobRunner jobs, SearchBackend backend, BiConsumer<Path, String> compiledBlob) {
        this.jobs = jobs;
        this.backend = backend;
        this.compiledBlob = compiledBlob;
        setId("studio-search");
        profile.getItems().addAll(BoardProfile.values());
        profile.setValue(BoardProfile.STM32F746);
        profile.setOnAction(e -> {
            flashKb.getValueFactory().setValue(profile.getValue().flashKb);
            sramKb.getValueFactory().setValue(profile.getValue().sramKb);
        });
        for (Spinner<?> s : new Spinner<?>[] {flashKb, sramKb, maxMmacs, minSparsity, minMacSparsity, population, generations, seed}) {
            s.setEditable(true);
            s.setPrefWidth(110);
        }
        // population and generations share a row, so the MAC-sparsity row does not push Compile below the fold
        population.setPrefWidth(68);
        generations.setPrefWidth(66);
        minMacSparsity.setId("search-min-mac-sparsity");
        minMacSparsity.setTooltip(new javafx.scene.control.Tooltip("Fraction of the dense MACs the pruning must skip: what the board's "
                + "instruction count sees (weight sparsity alone can leave the layers on large planes dense)"));
        flashKb.setId("search-flash-kb");
        sramKb.setId("search-sram-kb");
        population.setId("search-population");
        generations.setId("search-generations");
        run.setId("search-run");
        cancel.setId("search-cancel");
        compile.setId("search-compile");
        recommend.setId("search-recommend");
        status.setId("search-status");
        status.setWrapText(true);
        backendNote.setId("search-backend-note");
        backendNote.setWrapText(true);
        backendNote.getStyleClass().add("text-muted");
        progress.setMaxWidth(Double.MAX_VALUE);
        cancel.setDisable(true);
        compile.setDisable(true);
        recommend.setDisable(true);
        run.setDefaultButton(false);
        run.setOnAction(e -> runSearch());
        run.setTooltip(new javafx.scene.control.Tooltip("Ctrl+Enter"));
        cancel.setTooltip(new javafx.scene.control.Tooltip("Esc"));
        cancel.setOnAction(e -> cancelRunning());
        recommend.setOnAction(e -> chart.pareto().stream()
                .max(java.util.Comparator.comparingDouble(p -> p.event().accuracy())).ifPresent(this::choose));
        compile.setOnAction(e -> compileChosen());
        chart.onSelect(this::choose);

        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        int row = 0;
        Label profileLabel = new Label("Board profile");
        form.add(profileLabel, 0, row++, 2, 1);
        form.add(profile, 0, row++, 2, 1);
        form.addRow(row++, new Label("Flash (KB)"), flashKb);
        form.addRow(row++, new Label("SRAM (KB)"), sramKb);
        form.addRow(row++, new Label("Max MMACs"), maxMmacs);
        form.addRow(row++, new Label("Min sparsity"), minSparsity);
        form.addRow(row++, new Label("Min MAC sparsity"), minMacSparsity);
        form.addRow(row++, new Label("Population, gens"), new HBox(4, population, generations));
        form.addRow(row, new Label("Seed"), seed);
        profile.setMaxWidth(Double.MAX_VALUE);

        Label constraints = new Label("Constraints and budget");
        constraints.getStyleClass().add("title-4");
        VBox left = new VBox(10, constraints, form, new HBox(6, run, cancel), progress, status, recommend, compile, backendNote);
        left.setPadding(new Insets(10));
        left.setPrefWidth(290);
        left.setMinWidth(270);

        ScrollPane detailScroll = new ScrollPane(details);
        detailScroll.setFitToWidth(true);
        SplitPane centre = new SplitPane(chart, detailScroll);
        centre.setOrientation(Orientation.HORIZONTAL);
        centre.setDividerPositions(0.52);
        ScrollPane leftScroll = new ScrollPane(left);
        leftScroll.setFitToWidth(true);
        setLeft(leftScroll);
        setCenter(centre);
        refreshBackendNote();
    }

    /** Re-checks what the search needs (the workspace came to the front). */
    void refreshBackendNote() {
        Optional<String> missing = backend.missing();
        backendNote.setText(missing.orElse("Candidates are scored with the trained supernet's inherited weights on "
                + SupernetBackend.VALIDATION_IMAGES + " validation images; flash, SRAM and MACs come from the compiler."));
        backendNote.setStyle(missing.isPresent() ? "-fx-text-fill: #d62728;" : "");
        // the note sits at the foot of a scrolling column; what blocks a search is also said right under Run
        if (shippedSummary != null) {
            status.setText(shippedSummary + missing.map(why -> " A new search cannot run yet. " + why).orElse(" Run search starts a new search."));
        } else {
            missing.ifPresent(why -> status.setText("Cannot search yet. " + why));
        }
    }

    SearchRequest request() {
        return new SearchRequest(flashKb.getValue(), sramKb.getValue(), maxMmacs.getValue(), minSparsity.getValue(), minMacSparsity.getValue(),
                population.getValue(), generations.getValue(), seed.getValue());
    }

    private void runSearch() {
        SearchRequest request;
        try {
            request = request();
        } catch (IllegalArgumentException e) {
            status.setText("Cannot search: " + e.getMessage());
            return;
        }
        Optional<String> missing = backend.missing();
        if (missing.isPresent()) {
            status.setText("Cannot search yet. " + missing.get());
            return;
        }
        lastRequest = request;
        shippedSummary = null;
        chart.clear();
        chart.setTitle("Candidates");
        chosen = null;
        compile.setDisable(true);
        recommend.setDisable(true);
        Job<SparseNas.Result> job = jobs.submit(backend.search(request, p -> Platform.runLater(() -> addPoint(p))));
        searchJob = job;
        run.setDisable(true);
        cancel.setDisable(false);
        JobResults.track(job, progress, status);
        JobResults.onFx(job, result -> {
            finished();
            status.setText(String.format(Locale.ROOT, "Done: %d candidates scored, %d rejected by the constraint check; best %.2f%%, "
                    + "%d on the Pareto front.", result.all().size(), result.rejected(), 100 * result.best().accuracy(), result.pareto().size()));
            progress.setProgress(1);
        }, why -> {
            finished();
            status.setText("Search stopped (" + why + ") after " + chart.pointCount() + " scored candidates.");
        });
    }

    private void finished() {
        run.setDisable(false);
        cancel.setDisable(true);
        recommend.setDisable(chart.pointCount() == 0);
    }

    /** Scored candidates become points; rejected ones are counted in the final status from the search's result. */
    private void addPoint(CandidatePoint p) {
        if (p.event().fits()) {
            chart.add(p);
            recommend.setDisable(false);
        }
    }

    /**
     * Shows a finished search (the one behind the shipped model) until the user runs their own: its candidates in the
     * scatter and its winner's layers and memory.
     */
    void showShipped(ShippedSearch shipped) {
        chart.clear();
        shipped.points().forEach(chart::add);
        chart.setTitle("The search behind the shipped model");
        recommend.setDisable(false);
        shippedSummary = String.format(Locale.ROOT, "Showing the search that chose the shipped model: %d candidates within the limits, from %s. "
                + "Its winner is selected.", shipped.points().size(), shipped.source());
        refreshBackendNote();
        choose(shipped.winner());
    }

    void showShippedUnreadable(String why) {
        status.setText("The shipped model's search could not be shown: " + why);
    }

    private void choose(CandidatePoint p) {
        if (p == null) {
            return;
        }
        if (p.candidate() == null) {
            details.showRejected(String.format(Locale.ROOT, "Candidate #%d (%s): a past search keeps the genes of its winner and Pareto set "
                    + "only, so this one's layers cannot be shown. Run a search to inspect every candidate.", p.event().index(), p.event().description()));
            return;
        }
        chosen = p;
        compile.setDisable(false);
        SearchRequest limits = lastRequest != null ? lastRequest : request();
        Job<CompiledModel> job = jobs.submit(new Task<>() {
            @Override
            public String title() {
                return "Cost of candidate #" + p.event().index();
            }

            @Override
            public boolean heavy() {
                return false;
            }

            @Override
            public CompiledModel run(TaskContext ctx) {
                return CompilerCostModel.compile(p.space(), p.candidate().arch(), p.candidate().sparsity());
            }
        });
        JobResults.onFx(job, compiled -> {
            if (chosen == p) {
                details.show(p, compiled, limits);
            }
        }, why -> details.showRejected("Cannot compile candidate #" + p.event().index() + ": " + why));
    }

    private void compileChosen() {
        CandidatePoint p = chosen;
        if (p == null) {
            return;
        }
        Job<Path> job = jobs.submit(backend.compile(p));
        JobResults.track(job, progress, status);
        JobResults.onFx(job, blob -> {
            status.setText("Compiled candidate #" + p.event().index() + " to " + blob + "; flash it from the Boards tab.");
            compiledBlob.accept(blob, "candidate #" + p.event().index());
        }, why -> status.setText("Compile failed: " + why));
    }

    void runIfIdle() {
        if (!run.isDisabled()) {
            runSearch();
        }
    }

    void cancelRunning() {
        if (searchJob != null) {
            searchJob.cancel();
        }
    }

    CandidateChart chart() {
        return chart;
    }
}
