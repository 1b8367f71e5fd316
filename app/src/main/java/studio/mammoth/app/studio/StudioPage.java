package studio.mammoth.app.studio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.stage.Window;
import javafx.stage.WindowEvent;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import studio.mammoth.app.shell.ModelAssets;
import studio.mammoth.app.shell.Page;
import studio.mammoth.app.shell.PageContext;
import studio.mammoth.tinyformer.board.EmulatedBoard;

/**
 * TinyFormer Studio: search sparse tiny transformers within a board's flash and SRAM (Search tab), then flash and
 * check them on a board (Boards tab). Emulated boards started here stop when the window closes or the process exits.
 */
public final class StudioPage implements Page {
    public static final String ID = "studio";
    /** The shipped model's file in the tinyformer model folder (what {@code tinyformer finetune} writes, {@code report} reads). */
    static final String SHIPPED_BLOB = "tinyformer.blob";

    private final ModelAssets models;
    private final Path shippedBlob;
    private final BoardSession session;
    private final SearchView search;
    private final BoardsView boards;
    private final Label headline = new Label();
    private final BorderPane root = new BorderPane();
    private final Thread stopEmulatorsOnExit;
    private boolean closed;

    public StudioPage(PageContext context) {
        this(context, new SupernetBackend(), EmulatedBoard.defaultStateDir());
    }

    StudioPage(PageContext context, SearchBackend backend, Path emulatorStateDir) {
        this.models = context.models();
        this.shippedBlob = models.folder("tinyformer").resolve(SHIPPED_BLOB);
        this.session = new BoardSession(emulatorStateDir);
        this.boards = new BoardsView(context.jobs(), session, shippedBlob);
        this.search = new SearchView(context.jobs(), backend, boards::useFile);
        registerShortcuts(context);
        stopEmulatorsOnExit = new Thread(session::close, "studio-stop-emulators");
        Runtime.getRuntime().addShutdownHook(stopEmulatorsOnExit);

        headline.setId("readiness-headline");
        headline.setWrapText(true);
        headline.setPadding(new Insets(6, 12, 6, 12));
        Tab searchTab = new Tab("Search", search);
        searchTab.setId("tab-search");
        Tab boardsTab = new Tab("Boards", boards);
        boardsTab.setId("tab-boards");
        TabPane tabs = new TabPane(searchTab, boardsTab);
        tabs.setId("studio-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        root.setTop(headline);
        root.setCenter(tabs);
        root.sceneProperty().addListener((o, oldScene, scene) -> {
            if (scene != null) {
                scene.windowProperty().addListener((w, oldWindow, window) -> closeWith(window));
                closeWith(scene.getWindow());
            }
        });
        refreshHeadline();
        showShippedSearch();
    }

    private void showShippedSearch() {
        Path folder = models.folder("tinyformer");
        try {
            ShippedSearch.load(folder).ifPresent(search::showShipped);
        } catch (IOException | RuntimeException e) {
            // the scatter stays empty; searching and flashing do not need the past search
            search.showShippedUnreadable(folder + ": " + e.getMessage());
        }
    }

    private void registerShortcuts(PageContext context) {
        String group = "Studio";
        context.shortcuts().forPage(ID, group, new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN),
                "Run the search", search::runIfIdle);
        context.shortcuts().forPage(ID, group, new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                "Flash the model to the selected board", boards::flashIfReady);
        context.shortcuts().forPage(ID, group, new KeyCodeCombination(KeyCode.ESCAPE), "Cancel the running search or board operation", () -> {
            search.cancelRunning();
            boards.cancelRunning();
        });
    }

    private void closeWith(Window window) {
        if (window != null) {
            window.addEventHandler(WindowEvent.WINDOW_HIDDEN, e -> close());
        }
    }

    private void refreshHeadline() {
        boolean shipped = Files.isRegularFile(shippedBlob);
        headline.setText(shipped
                ? "TinyFormer model found in " + models.describe("tinyformer") + " — flash and evaluate it in the Boards tab."
                : "No TinyFormer model yet — search in the Search tab (needs ./mammoth tinyformer train-supernet), then make the "
                        + "shipped model with ./mammoth tinyformer finetune. The Boards tab can flash an untrained example meanwhile.");
        headline.setStyle(shipped ? "" : "-fx-background-color: -color-warning-subtle;");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Studio";
    }

    @Override
    public String summary() {
        return "Tiny transformers for microcontrollers";
    }

    @Override
    public Ikon icon() {
        return MaterialDesignC.CHIP;
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void shown() {
        refreshHeadline();
        search.refreshBackendNote();
        boards.shown();
    }

    SearchView searchView() {
        return search;
    }

    BoardsView boardsView() {
        return boards;
    }

    /** Stops the emulated boards this workspace started (window closed, or a test done). */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        session.close();
        try {
            Runtime.getRuntime().removeShutdownHook(stopEmulatorsOnExit);
        } catch (IllegalStateException exiting) {
            // the JVM is already shutting down; the hook runs anyway
        }
    }
}
