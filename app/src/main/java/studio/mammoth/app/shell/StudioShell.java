package studio.mammoth.app.shell;

import atlantafx.base.controls.ModalPane;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignU;
import studio.mammoth.app.events.EventBus;
import studio.mammoth.app.events.ShowWorkspace;
import studio.mammoth.app.events.ThemeChanged;
import studio.mammoth.app.events.WorkspaceShown;
import studio.mammoth.app.jobs.JobRunner;
import studio.mammoth.app.undo.CommandHistory;
import studio.mammoth.model.engine.DjlEngine;

/**
 * The composition root of the window: creates the event bus, the job runner, the engine monitor, the theme, the
 * shortcuts and the pages, lays them out (navigation left, workspace centre, status bar bottom) and remembers theme,
 * window size and workspace through {@link SettingsStore}. Build it on the JavaFX thread.
 */
public final class StudioShell {
    private static final System.Logger LOG = System.getLogger(StudioShell.class.getName());
    public static final String GROUP_APP = "Application";
    public static final String GROUP_WORKSPACES = "Workspaces";

    /**
     * What the shell takes from outside, so tests can point it at a temporary settings file and a quick engine.
     *
     * @param persist whether settings changes are written (off for {@code --snapshot} runs)
     * @param pages   builds the workspaces in navigation order ({@link Workspaces}; tests add their own)
     */
    public record Services(SettingsStore settings, ModelAssets models, Callable<DjlEngine.Info> engineProbe, boolean persist,
            Function<PageContext, List<Page>> pages) {
        public static Services standard(boolean persist) {
            return new Services(SettingsStore.standard(), ModelAssets.locate(), DjlEngine::probe, persist, Workspaces::createAll);
        }
    }

    private final Services services;
    private final EventBus bus = new EventBus();
    private final JobRunner jobs = new JobRunner(bus, Platform::runLater);
    private final ShortcutRegistry shortcuts = new ShortcutRegistry();
    private final EngineMonitor engine;
    private final ThemeManager themes;
    private final Map<String, Page> pages = new LinkedHashMap<>();
    private final StackPane pageHost = new StackPane();
    private final Label pageTitle = new Label();
    private final Label pageSummary = new Label();
    private final Button undo = new Button(null, new FontIcon(MaterialDesignU.UNDO));
    private final Button redo = new Button(null, new FontIcon(MaterialDesignR.REDO));
    private final ModalPane modal = new ModalPane();
    private final StatusBar statusBar;
    private final StackPane root;
    private Settings settings;
    private Page active;
    private boolean started;

    public StudioShell(Services services) {
        this.services = services;
        this.settings = services.settings().load();
        this.themes = new ThemeManager(bus, settings.theme());
        this.engine = new EngineMonitor(bus, jobs, services.engineProbe());

        PageContext context = new PageContext(bus, jobs, shortcuts, services.models(), engine);
        services.pages().apply(context).forEach(p -> pages.put(p.id(), p));

        List<String> keyTexts = new ArrayList<>();
        int n = 1;
        for (Page page : pages.values()) {
            KeyCombination keys = new KeyCodeCombination(KeyCode.getKeyCode(String.valueOf(n)), KeyCombination.SHORTCUT_DOWN);
            shortcuts.global(GROUP_WORKSPACES, keys, "Show " + page.title(), () -> bus.publish(new ShowWorkspace(page.id())));
            keyTexts.add(keys.getDisplayText());
            n++;
        }
        statusBar = new StatusBar(bus, jobs, engine.current());
        shortcuts.global(GROUP_APP, new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                "Switch light / dark theme", themes::toggle);
        shortcuts.global(GROUP_APP, new KeyCodeCombination(KeyCode.J, KeyCombination.SHORTCUT_DOWN),
                "Show or hide the job queue", statusBar::toggleQueue);
        shortcuts.global(GROUP_APP, new KeyCodeCombination(KeyCode.F1), "Show or hide this sheet", this::toggleShortcutSheet);
        shortcuts.global(GROUP_APP, new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN), "Quit", this::quit);

        Sidebar sidebar = new Sidebar(bus, List.copyOf(pages.values()), keyTexts, themes, this::toggleShortcutSheet);
        BorderPane frame = new BorderPane();
        frame.setLeft(sidebar);
        VBox centre = new VBox(header(), pageHost);
        VBox.setVgrow(pageHost, Priority.ALWAYS);
        centre.getStyleClass().add("workspace");
        frame.setCenter(centre);
        frame.setBottom(statusBar);
        modal.setAlignment(Pos.CENTER);
        // No transition: the sheet is there at once, where it stays, and an Esc pressed right away closes it.
        modal.setInTransitionFactory(null);
        modal.setOutTransitionFactory(null);
        root = new StackPane(frame, modal);
        root.getStyleClass().add("studio-root");
        root.getStylesheets().add(StudioShell.class.getResource("studio.css").toExternalForm());

        bus.subscribe(ShowWorkspace.class, e -> showPage(e.workspaceId()));
        bus.subscribe(ThemeChanged.class, e -> remember(settings.withTheme(themes.theme())));
        showPage(pages.containsKey(settings.workspace()) ? settings.workspace() : pages.keySet().iterator().next());
    }

    private HBox header() {
        pageTitle.setId("page-title");
        pageTitle.getStyleClass().add(Styles.TITLE_2);
        pageSummary.getStyleClass().add(Styles.TEXT_MUTED);
        undo.setId("undo");
        redo.setId("redo");
        for (Button b : List.of(undo, redo)) {
            b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
            b.managedProperty().bind(b.visibleProperty());
        }
        HBox header = new HBox(12, new VBox(2, pageTitle, pageSummary), new Spacer(), undo, redo);
        header.getStyleClass().add("page-header");
        header.setAlignment(Pos.CENTER_LEFT);
        return header;
    }

    /** Puts the window on the stage with the remembered size; loads the engine and starts the meters. */
    public void attach(Stage stage) {
        Scene scene = new Scene(root, settings.width(), settings.height());
        // Esc closes the sheet wherever the focus is; installed first, so a workspace's own Esc waits until it is closed.
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && modal.isDisplay()) {
                e.consume();
                modal.hide(true);
            }
        });
        shortcuts.install(scene, () -> active.id());
        stage.setScene(scene);
        stage.setTitle("Mammoth Studio");
        stage.setMinWidth(Settings.MIN_WIDTH);
        stage.setMinHeight(Settings.MIN_HEIGHT);
        stage.setMaximized(settings.maximized());
        for (int size : new int[] {32, 64, 128, 256}) {
            var icon = StudioShell.class.getResource("/studio/mammoth/app/icons/mammoth-" + size + ".png");
            if (icon != null) {
                stage.getIcons().add(new Image(icon.toExternalForm()));
            }
        }
        stage.setOnHidden(e -> {
            if (!stage.isMaximized()) {
                remember(settings.withWindow(scene.getWidth(), scene.getHeight(), false));
            } else {
                remember(settings.withWindow(settings.width(), settings.height(), true));
            }
            close();
        });
        start();
    }

    /** Loads the engine and starts the memory meter; once. Called by {@link #attach}. */
    private void start() {
        if (!started) {
            started = true;
            engine.start();
            statusBar.start();
        }
    }

    /** Stops the meters and cancels all jobs (the window is closing). */
    public void close() {
        statusBar.stop();
        jobs.close();
    }

    private void quit() {
        if (root.getScene() != null && root.getScene().getWindow() != null) {
            root.getScene().getWindow().hide();
        }
    }

    private void showPage(String id) {
        Page page = pages.get(id);
        if (page == null) {
            LOG.log(Level.WARNING, "no workspace named " + id + "; valid: " + String.join(", ", pages.keySet()));
            return;
        }
        active = page;
        page.node().setId("page-" + page.id());
        pageHost.getChildren().setAll(page.node());
        pageTitle.setText(page.title());
        pageSummary.setText(page.summary());
        bindHistory(page.history());
        page.shown();
        remember(settings.withWorkspace(id));
        bus.publish(new WorkspaceShown(id));
    }

    private void bindHistory(Optional<CommandHistory> history) {
        undo.setOnAction(null);
        redo.setOnAction(null);
        undo.visibleProperty().set(history.isPresent());
        redo.visibleProperty().set(history.isPresent());
        history.ifPresent(h -> {
            undo.setOnAction(e -> h.undo());
            redo.setOnAction(e -> h.redo());
            undo.disableProperty().bind(h.undoLabelProperty().isEmpty());
            redo.disableProperty().bind(h.redoLabelProperty().isEmpty());
            Tooltip undoTip = new Tooltip();
            undoTip.textProperty().bind(h.undoLabelProperty());
            Tooltip redoTip = new Tooltip();
            redoTip.textProperty().bind(h.redoLabelProperty());
            undo.setTooltip(undoTip);
            redo.setTooltip(redoTip);
        });
        if (history.isEmpty()) {
            undo.disableProperty().unbind();
            redo.disableProperty().unbind();
        }
    }

    private void toggleShortcutSheet() {
        if (modal.isDisplay()) {
            modal.hide(true);
        } else {
            modal.show(new ShortcutSheet(shortcuts.all(), () -> modal.hide(true)));
        }
    }

    private void remember(Settings next) {
        settings = next;
        if (!services.persist()) {
            return;
        }
        try {
            services.settings().save(settings);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not save settings to " + services.settings().file() + ": " + e.getMessage());
        }
    }

    public Parent root() {
        return root;
    }

    public EventBus events() {
        return bus;
    }

    public JobRunner jobs() {
        return jobs;
    }

    public ShortcutRegistry shortcuts() {
        return shortcuts;
    }

    public ThemeManager themes() {
        return themes;
    }

    public EngineMonitor engine() {
        return engine;
    }

    public Settings settings() {
        return settings;
    }

    public String activeWorkspace() {
        return active.id();
    }

    /** Shows a workspace as if chosen in the navigation (for --workspace). */
    public void show(String workspaceId) {
        bus.publish(new ShowWorkspace(workspaceId));
    }

    public List<Page> pages() {
        return List.copyOf(pages.values());
    }

    public void applyTheme(Theme theme) {
        themes.apply(theme);
    }
}
