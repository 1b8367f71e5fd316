package studio.mammoth.app.studio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import studio.mammoth.app.jobs.Job;
import studio.mammoth.app.jobs.JobRunner;
import studio.mammoth.common.data.FashionMnist;
import studio.mammoth.common.task.Task;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.tinyformer.board.BoardClient;
import studio.mammoth.tinyformer.board.BoardEvalTask;
import studio.mammoth.tinyformer.board.BoardInfo;
import studio.mammoth.tinyformer.board.Boards;
import studio.mammoth.tinyformer.board.DeployTask;
import studio.mammoth.tinyformer.board.EmulatedBoard;
import studio.mammoth.tinyformer.board.FirmwareImage;
import studio.mammoth.tinyformer.compile.BlobFormatException;
import studio.mammoth.tinyformer.compile.BlobParser;
import studio.mammoth.tinyformer.compile.ParsedBlob;
import studio.mammoth.tinyformer.ir.Shape;
import studio.mammoth.tinyformer.quant.CompileTask;
import studio.mammoth.tinyformer.reference.RandomModels;
import studio.mammoth.tinyformer.reference.TestSplit;

/**
 * The boards tab: board list (serial ports answering a SparseEngine ping, and emulated boards), the model to flash,
 * flashing with progress and transfer rate, a serial console, flash and SRAM bars of the linked firmware plus the
 * model's planned arena, and on-board evaluation against the reference interpreter with the dense variant beside it.
 */
final class BoardsView extends BorderPane {
    /** A compiled model the user picked: its bytes, a name, where it came from. */
    record ModelBlob(byte[] bytes, String name, String origin) {
    }

    static final int PING_TIMEOUT_MILLIS = 300;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final JobRunner jobs;
    private final BoardSession session;
    private final Path shippedBlob;

    private final ListView<Boards.Entry> boards = new ListView<>();
    private final Button refresh = new Button("Refresh", new FontIcon(MaterialDesignR.REFRESH));
    private final Button startEmulated = new Button("Start emulated board", new FontIcon(MaterialDesignP.PLAY_CIRCLE_OUTLINE));
    private final Label modelLabel = new Label();
    private final Button shipped = new Button("Shipped model");
    private final Button example = new Button("Example model");
    private final Button open = new Button("Open blob…", new FontIcon(MaterialDesignF.FOLDER_OPEN));
    private final Button flash = new Button("Flash", new FontIcon(MaterialDesignF.FLASH));
    private final Button evaluate = new Button("Evaluate on board", new FontIcon(MaterialDesignC.CHECK_ALL));
    private final Button cancel = new Button("Cancel");
    private final Spinner<Integer> evalImages = new Spinner<>(1, 10_000, 100, 50);
    private final Spinner<Integer> denseImages = new Spinner<>(0, 100, 5, 1);
    private final ProgressBar progress = new ProgressBar(0);
    private final Label status = new Label("Start the emulated board or plug in a board running SparseEngine, then refresh.");
    private final Label active = new Label("Active model: unknown");
    /**
     * Board-info replies are shown in the order their jobs were started, not the order they finish: the INFO read when an
     * emulated board starts can arrive after a flash that began later, and must not paint over its fresher state.
     */
    private long infoRequested;
    private long infoShown;
    private final TextArea console = new TextArea();
    private final MemoryBar flashBar = new MemoryBar("board-flash", "Flash (linked firmware + model)");
    private final MemoryBar sramBar = new MemoryBar("board-sram", "SRAM (firmware data/bss/stack + planned activations)");
    private final Label evalSummary = new Label("No evaluation yet.");
    private final Label denseVsSparse = new Label();
    private final ConfusionMatrixView confusion = new ConfusionMatrixView();
    private final LayerBars layerBars = new LayerBars("board-layer-bars", "#17becf");

    private ModelBlob model;
    private Job<?> running;

    BoardsView(JobRunner jobs, BoardSession session, Path shippedBlob) {
        this.jobs = jobs;
        this.session = session;
        this.shippedBlob = shippedBlob;
        setId("studio-boards");
        boards.setId("board-list");
        boards.setPrefHeight(110);
        boards.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Boards.Entry e, boolean empty) {
                super.updateItem(e, empty);
                setText(empty || e == null ? null : describe(e));
            }
        });
        boards.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> updateButtons());
        refresh.setId("board-refresh");
        startEmulated.setId("board-start-emulated");
        shipped.setId("model-shipped");
        example.setId("model-example");
        open.setId("model-open");
        flash.setId("board-flash-button");
        evaluate.setId("board-evaluate");
        cancel.setId("board-cancel");
        progress.setId("board-progress");
        status.setId("board-status");
        active.setId("board-active-model");
        modelLabel.setId("board-model");
        evalSummary.setId("board-eval-summary");
        denseVsSparse.setId("board-dense-vs-sparse");
        console.setId("board-console");
        console.setEditable(false);
        console.setPrefRowCount(10);
        console.setStyle("-fx-font-family: monospace; -fx-font-size: 11px;");
        status.setWrapText(true);
        evalSummary.setWrapText(true);
        denseVsSparse.setWrapText(true);
        progress.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(progress, Priority.ALWAYS);
        evalImages.setId("board-eval-images");
        denseImages.setId("board-dense-images");
        evalImages.setEditable(true);
        denseImages.setEditable(true);
        evalImages.setPrefWidth(90);
        denseImages.setPrefWidth(70);

        refresh.setOnAction(e -> refreshBoards());
        startEmulated.setOnAction(e -> startEmulatedBoard());
        shipped.setOnAction(e -> useFile(shippedBlob, "shipped model"));
        example.setOnAction(e -> compileExample());
        open.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Open a compiled TinyFormer blob");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("TinyFormer blob", "*.blob"));
            java.io.File f = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
            if (f != null) {
                useFile(f.toPath(), "opened file");
            }
        });
        flash.setOnAction(e -> flashSelected());
        evaluate.setOnAction(e -> evaluateSelected());
        cancel.setOnAction(e -> cancelRunning());

        Label boardsTitle = new Label("Boards");
        boardsTitle.getStyleClass().add("title-4");
        Label modelTitle = new Label("Model");
        modelTitle.getStyleClass().add("title-4");
        modelLabel.setWrapText(true);
        VBox left = new VBox(8, boardsTitle, new HBox(6, refresh, startEmulated), boards, active,
                modelTitle, modelLabel, new HBox(6, shipped, example, open),
                new HBox(6, flash, cancel), new HBox(6, progress), status,
                new HBox(6, evaluate, new Label("images"), evalImages, new Label("dense"), denseImages));
        left.setPadding(new Insets(10));
        Label consoleTitle = new Label("Serial console");
        consoleTitle.getStyleClass().add("text-bold");
        VBox.setVgrow(console, Priority.ALWAYS);
        VBox consoleBox = new VBox(4, consoleTitle, console);
        consoleBox.setPadding(new Insets(0, 10, 10, 10));
        SplitPane leftSplit = new SplitPane(scroll(left), consoleBox);
        leftSplit.setOrientation(Orientation.VERTICAL);
        leftSplit.setDividerPositions(0.72);

        Label evalTitle = new Label("Evaluation on the board");
        evalTitle.getStyleClass().add("title-4");
        Label confusionTitle = new Label("Confusion matrix (rows: true class, columns: board prediction)");
        confusionTitle.getStyleClass().add("text-bold");
        Label layersTitle = new Label("Per-layer share of the instructions (last inference)");
        layersTitle.getStyleClass().add("text-bold");
        Label memoryTitle = new Label("Memory on the board");
        memoryTitle.getStyleClass().add("title-4");
        VBox right = new VBox(8, memoryTitle, flashBar, sramBar, evalTitle, evalSummary, denseVsSparse, confusionTitle, confusion, layersTitle, layerBars);
        right.setPadding(new Insets(10));
        SplitPane split = new SplitPane(leftSplit, scroll(right));
        split.setDividerPositions(0.5);
        setCenter(split);
        shown();
        updateButtons();
    }

    private static ScrollPane scroll(VBox content) {
        ScrollPane s = new ScrollPane(content);
        s.setFitToWidth(true);
        return s;
    }

    /** The workspace came to the front: pick up a shipped model that appeared meanwhile. */
    void shown() {
        boolean hasShipped = Files.isRegularFile(shippedBlob);
        shipped.setDisable(!hasShipped);
        if (model == null) {
            if (hasShipped) {
                useFile(shippedBlob, "shipped model");
            } else {
                modelLabel.setText("No shipped model at " + shippedBlob + " (made by ./mammoth tinyformer finetune after a search). "
                        + "Compile a candidate in the Search tab, open a blob, or use the untrained example model to try the board.");
            }
        }
    }

    /** Makes {@code blob} the model to flash (a candidate compiled in the Search tab). */
    void useFile(Path blob, String origin) {
        try {
            use(new ModelBlob(Files.readAllBytes(blob), blob.getFileName().toString(), origin + ", " + blob));
        } catch (IOException e) {
            status.setText("Cannot read " + blob + ": " + e.getMessage());
        }
    }

    private void use(ModelBlob blob) {
        ParsedBlob parsed;
        try {
            parsed = BlobParser.parse(blob.bytes());
        } catch (BlobFormatException e) {
            status.setText(blob.name() + " is not a valid model blob: " + e.getMessage());
            return;
        }
        model = blob;
        modelLabel.setText(String.format(Locale.ROOT, "%s (%s): %.1f KB, %d layers, activation arena %.1f KB", blob.name(), blob.origin(),
                blob.bytes().length / 1024.0, parsed.model().layers().size(), parsed.plan().arenaSize() / 1024.0));
        showMemory(parsed.plan().arenaSize());
        updateButtons();
    }

    /** Flash and SRAM from the firmware's linked sections and the blob's planned arena. */
    private void showMemory(long arenaBytes) {
        FirmwareImage.Sizes fw;
        try {
            fw = FirmwareImage.qemu().sizes();
        } catch (IllegalStateException e) {
            flashBar.clear(e.getMessage());
            sramBar.clear(e.getMessage());
            return;
        }
        flashBar.show(FirmwareImage.Sizes.FLASH_LIMIT, List.of(new MemoryBar.Part(MemoryBar.Kind.WEIGHTS, model.bytes().length),
                new MemoryBar.Part(MemoryBar.Kind.CODE, fw.flashBytes())));
        sramBar.show(FirmwareImage.Sizes.SRAM_LIMIT, List.of(new MemoryBar.Part(MemoryBar.Kind.ACTIVATIONS, arenaBytes),
                new MemoryBar.Part(MemoryBar.Kind.CODE, fw.staticRamBytes())));
    }

    private void updateButtons() {
        boolean busy = running != null;
        boolean board = boards.getSelectionModel().getSelectedItem() != null
                && boards.getSelectionModel().getSelectedItem().isSparseEngine();
        flash.setDisable(busy || !board || model == null);
        evaluate.setDisable(busy || !board || model == null);
        cancel.setDisable(!busy);
        startEmulated.setDisable(busy);
        example.setDisable(busy);
    }

    static String describe(Boards.Entry e) {
        String kind = e.emulated() ? "emulated" : "serial";
        return e.isSparseEngine()
                ? String.format("%s  %s — %s on %s", kind, e.path(), e.ping().firmware(), e.ping().board())
                : String.format("%s  %s — no SparseEngine (%s)", kind, e.path(), e.problem());
    }

    void log(String line) {
        console.appendText(LocalTime.now().format(CLOCK) + "  " + line + "\n");
    }

    private <R> Job<R> start(Task<R> task) {
        Job<R> job = jobs.submit(task);
        running = job;
        updateButtons();
        JobResults.track(job, progress, status);
        String[] lastStage = {""};
        job.progressProperty().addListener((o, a, p) -> {
            if (p != null && !p.stage().equals(lastStage[0])) {
                lastStage[0] = p.stage();
                log("» " + p.stage() + (p.message() == null ? "" : ": " + p.message()));
            }
        });
        job.completion().whenComplete((r, e) -> javafx.application.Platform.runLater(() -> {
            if (running == job) {
                running = null;
            }
            updateButtons();
        }));
        return job;
    }

    private void refreshBoards() {
        Job<List<Boards.Entry>> job = start(new LightTask<>("List boards", ctx -> Boards.list(PING_TIMEOUT_MILLIS)));
        JobResults.onFx(job, entries -> {
            Boards.Entry selected = boards.getSelectionModel().getSelectedItem();
            boards.getItems().setAll(entries);
            entries.stream().filter(e -> selected != null && e.path().equals(selected.path())).findFirst()
                    .ifPresent(e -> boards.getSelectionModel().select(e));
            long found = entries.stream().filter(Boards.Entry::isSparseEngine).count();
            status.setText(found + " SparseEngine board(s) among " + entries.size() + " port(s)");
            log("boards: " + found + " SparseEngine board(s) among " + entries.size() + " port(s)");
        }, why -> status.setText("Listing boards failed: " + why));
    }

    private void startEmulatedBoard() {
        log("starting QEMU mps2-an500 (Cortex-M7) with the SparseEngine firmware");
        Job<Boards.Entry> job = start(new LightTask<>("Start emulated board", ctx -> {
            ctx.report(0.1, "booting", "qemu-system-arm -M mps2-an500");
            EmulatedBoard board = session.startEmulated();
            ctx.report(0.9, "ping", board.ptyPath());
            return new Boards.Entry(board.ptyPath(), "QEMU mps2-an500 (emulated Cortex-M7)", true,
                    board.client().ping(1_000), null);
        }));
        JobResults.onFx(job, entry -> {
            session.emulatorOutput(entry.path()).forEach(l -> log("qemu: " + l));
            log("ping " + entry.path() + " → " + entry.ping().firmware() + " on " + entry.ping().board()
                    + " (protocol " + entry.ping().protocol() + ")");
            boards.getItems().removeIf(e -> e.path().equals(entry.path()));
            boards.getItems().add(0, entry);
            boards.getSelectionModel().select(entry);
            status.setText("Emulated board running on " + entry.path());
            readActiveModel(entry.path());
        }, why -> {
            status.setText("Could not start the emulated board: " + why);
            log("error: " + why);
        });
    }

    /** Asks the board what it runs (INFO) and shows it. */
    private void readActiveModel(String path) {
        long ticket = ++infoRequested;
        Job<BoardInfo> job = start(new LightTask<>("Board info " + path, ctx -> {
            try (BoardSession.Connection c = session.connect(path)) {
                return c.client().info();
            }
        }));
        JobResults.onFx(job, info -> showInfo(ticket, info), why -> log("info failed: " + why));
    }

    private void showInfo(long ticket, BoardInfo info) {
        if (ticket < infoShown) {
            return; // an older reply than the one on screen
        }
        infoShown = ticket;
        log(String.format(Locale.ROOT, "info: %s %s, slot %d KB, arena %d KB, firmware flash %.1f KB, static RAM %.1f KB, %s",
                info.board(), info.firmware(), info.slotCapacity() / 1024, info.arenaBytes() / 1024, info.flashImageBytes() / 1024.0,
                info.staticRamBytes() / 1024.0, info.hasModel()
                        ? String.format("active model in slot %d (%d bytes, CRC %08x)", info.activeSlot(), info.activeLength(), info.activeCrc())
                        : "no model"));
        active.setText(info.hasModel()
                ? String.format(Locale.ROOT, "Active model: slot %d, %.1f KB, CRC %08x, %d layers, arena %.1f KB", info.activeSlot(),
                        info.activeLength() / 1024.0, info.activeCrc(), info.layers(), info.modelArenaBytes() / 1024.0)
                : "Active model: none");
    }

    private String selectedPath() {
        Boards.Entry e = boards.getSelectionModel().getSelectedItem();
        return e == null ? null : e.path();
    }

    private void flashSelected() {
        String path = selectedPath();
        ModelBlob blob = model;
        if (path == null || blob == null) {
            return;
        }
        log("flash " + blob.name() + " (" + blob.bytes().length + " bytes) to " + path);
        long ticket = ++infoRequested;
        Job<DeployTask.Result> job = start(new Task<>() {
            @Override
            public String title() {
                return "Flash " + blob.name() + " to " + path;
            }

            @Override
            public DeployTask.Result run(TaskContext ctx) throws Exception {
                try (BoardSession.Connection c = session.connect(path)) {
                    return new DeployTask(c.client(), blob.bytes(), blob.name()).run(ctx);
                }
            }
        });
        JobResults.onFx(job, r -> {
            String line = r.alreadyActive()
                    ? blob.name() + " was already the active model; nothing sent"
                    : String.format(Locale.ROOT, "flashed %d bytes in %.2f s at %.1f KB/s%s, verified, active in slot %d, %d resend(s)",
                            r.bytes(), r.seconds(), r.bytesPerSecond() / 1024,
                            r.resumedFrom() > 0 ? " (resumed at byte " + r.resumedFrom() + ")" : "", r.slot(), r.resends());
            status.setText("Done: " + line);
            progress.setProgress(1);
            log(line);
            showInfo(ticket, r.board());
            showMemory(r.board().modelArenaBytes());
        }, why -> {
            status.setText("Flash failed: " + why);
            log("flash failed: " + why);
        });
    }

    private void evaluateSelected() {
        String path = selectedPath();
        ModelBlob blob = model;
        int limit = evalImages.getValue();
        int dense = Math.min(denseImages.getValue(), limit);
        if (path == null || blob == null) {
            return;
        }
        log("evaluate " + blob.name() + " on " + path + ": " + limit + " test images, " + dense + " also on the dense variant");
        Job<BoardEvalTask.Result> job = start(new Task<>() {
            @Override
            public String title() {
                return "Evaluate " + blob.name() + " on " + path + " (" + limit + " images)";
            }

            @Override
            public BoardEvalTask.Result run(TaskContext ctx) throws Exception {
                ParsedBlob parsed = BlobParser.parse(blob.bytes());
                Shape input = parsed.model().shape(parsed.model().input());
                ctx.report(0, "loading", "Fashion-MNIST test images at " + input.h() + "x" + input.w());
                TestSplit test = TestSplit.load(FashionMnist.defaultDirectory(), input.h(), limit);
                try (BoardSession.Connection c = session.connect(path)) {
                    return new BoardEvalTask(c.client(), blob.bytes(), blob.name(), test.inputs(), test.labels(),
                            Math.min(dense, test.size())).run(ctx);
                }
            }
        });
        long ticket = ++infoRequested;
        JobResults.onFx(job, r -> showEvaluation(ticket, r), why -> {
            status.setText("Evaluation failed: " + why);
            log("evaluation failed: " + why);
        });
    }

    private void showEvaluation(long ticket, BoardEvalTask.Result r) {
        String summary = String.format(Locale.ROOT, "%d images: board accuracy %.2f%% (reference interpreter %.2f%%), agreement with the "
                        + "reference %d / %d (%.1f%% bit-exact), %.0f %s per inference", r.total(), 100 * r.accuracy(),
                100 * r.referenceAccuracy(), r.agree(), r.total(), 100 * r.agreement(), r.meanUnits(), r.unit());
        evalSummary.setText(summary);
        denseVsSparse.setText(r.denseMeanUnits() > 0
                ? String.format(Locale.ROOT, "Dense versus sparse on the same images: %.0f %s with dense kernels, %.0f with sparse kernels "
                        + "— %.2fx fewer with sparse; dense variant bit-exact on %d / %d images", r.denseMeanUnits(), r.unit(),
                        r.sparseMeanOnDenseImages(), r.sparseSpeedup(), r.denseAgree(), r.denseImages())
                : "Dense versus sparse: not measured (set dense images above 0).");
        confusion.show(r.confusion(), FashionMnist.CLASS_NAMES);
        long total = r.profile().stream().mapToLong(BoardClient.LayerCost::units).sum();
        List<LayerBars.Row> rows = new ArrayList<>();
        for (int i = 0; i < r.profile().size(); i++) {
            BoardClient.LayerCost l = r.profile().get(i);
            double share = (double) l.units() / Math.max(1, total);
            String dense = r.hasDenseProfile() && l.sparse()
                    ? String.format(Locale.ROOT, ", dense %d (%.2fx)", r.denseProfile().get(i).units(), r.layerSpeedup(i))
                    : "";
            rows.add(new LayerBars.Row(l.index() + " " + l.opName() + (l.sparse() ? " (sparse)" : ""), share,
                    String.format(Locale.ROOT, "%d (%.1f%%)%s", l.units(), 100 * share, dense)));
        }
        layerBars.show(rows);
        status.setText("Evaluation done");
        log("board accuracy " + String.format(Locale.ROOT, "%.4f", r.accuracy()) + ", agree " + r.agree() + "/" + r.total()
                + (r.denseMeanUnits() > 0 ? String.format(Locale.ROOT, ", sparse speed-up %.2fx", r.sparseSpeedup()) : ""));
        showInfo(ticket, r.deploy().board());
    }

    /** The untrained example network (every operator, 80% of blocks pruned) compiled by the project's compiler. */
    private void compileExample() {
        Job<byte[]> job = start(new LightTask<>("Compile the example model", ctx -> {
            var fm = RandomModels.hybrid(1, 28, 0.8);
            return new CompileTask(fm, null, RandomModels.pictures(1, new Shape(28, 28, 1), 8)).run(ctx).blob();
        }));
        JobResults.onFx(job, bytes -> {
            use(new ModelBlob(bytes, "tinyformer-example.blob", "untrained random hybrid, predictions mean nothing"));
            log("compiled the example model: " + bytes.length + " bytes");
        }, why -> status.setText("Compiling the example failed: " + why));
    }

    void flashIfReady() {
        if (!flash.isDisabled()) {
            flashSelected();
        }
    }

    void cancelRunning() {
        if (running != null) {
            running.cancel();
        }
    }

    ModelBlob model() {
        return model;
    }

    /** A task for the light pool (listing ports, booting the emulator, compiling a small model). */
    private record LightTask<R>(String title, Body<R> body) implements Task<R> {
        interface Body<R> {
            R run(TaskContext ctx) throws Exception;
        }

        @Override
        public boolean heavy() {
            return false;
        }

        @Override
        public R run(TaskContext context) throws Exception {
            return body.run(context);
        }
    }
}
