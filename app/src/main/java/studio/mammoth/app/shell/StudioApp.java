package studio.mammoth.app.shell;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.util.Duration;
import studio.mammoth.app.events.EngineStateChanged;

/** The JavaFX application; started through {@link #start(Options)} so the launcher class needs no module path. */
public final class StudioApp extends Application {
    /**
     * @param workspace workspace to show first (a valid id, checked by the command line), or null for the last one
     * @param theme     theme for this run, or null for the remembered one
     * @param snapshot  write the window to this PNG once the engine has settled, then exit; null to stay open
     */
    public record Options(String workspace, Theme theme, Path snapshot) {
    }

    /** How long a snapshot waits for the engine to leave "loading" (the first run unpacks the native library). */
    private static final Duration ENGINE_WAIT = Duration.seconds(120);

    private static volatile Options options = new Options(null, null, null);
    private static final AtomicInteger EXIT_CODE = new AtomicInteger();
    /**
     * JavaFX warns on every start that it was loaded from the class path. That launch is deliberate (see Main), so the
     * warning is noise for users; only that message is filtered, CSS and other warnings still show. The logger is held
     * here because java.util.logging keeps only weak references to loggers.
     */
    private static final java.util.logging.Logger JAVAFX_LOG = java.util.logging.Logger.getLogger("javafx");

    /** Runs the window until it closes (or the snapshot is written); returns the process exit code. */
    public static int start(Options opts) {
        options = opts;
        JAVAFX_LOG.setFilter(r -> r.getMessage() == null || !r.getMessage().startsWith("Unsupported JavaFX configuration"));
        Application.launch(StudioApp.class);
        return EXIT_CODE.get();
    }

    @Override
    public void start(Stage stage) {
        Options opts = options;
        boolean snapshot = opts.snapshot() != null;
        StudioShell shell = new StudioShell(StudioShell.Services.standard(!snapshot));
        if (opts.theme() != null) {
            shell.applyTheme(opts.theme());
        }
        if (opts.workspace() != null) {
            shell.show(opts.workspace());
        }
        shell.attach(stage);
        stage.show();
        if (snapshot) {
            whenEngineSettled(shell, () -> takeSnapshot(stage, opts.snapshot(), shell.engine().current()));
        }
    }

    /** Runs {@code then} once the engine is ready or failed (so the status bar shows its real state), or after a timeout. */
    private static void whenEngineSettled(StudioShell shell, Runnable then) {
        Runnable once = new Runnable() {
            private boolean done;

            @Override
            public void run() {
                if (!done) {
                    done = true;
                    // One more pause lets the last layout and CSS pass finish before the picture is taken.
                    PauseTransition settle = new PauseTransition(Duration.millis(400));
                    settle.setOnFinished(e -> then.run());
                    settle.play();
                }
            }
        };
        shell.events().subscribe(EngineStateChanged.class, e -> {
            if (e.state() != EngineStateChanged.State.LOADING) {
                once.run();
            }
        });
        if (shell.engine().current().state() != EngineStateChanged.State.LOADING) {
            once.run();
        }
        PauseTransition timeout = new PauseTransition(ENGINE_WAIT);
        timeout.setOnFinished(e -> once.run());
        timeout.play();
    }

    private static void takeSnapshot(Stage stage, Path file, EngineStateChanged engine) {
        try {
            SnapshotWriter.write(stage.getScene(), file);
            System.out.println("wrote " + file.toAbsolutePath() + " (" + (int) stage.getScene().getWidth() + "x"
                    + (int) stage.getScene().getHeight() + ", engine: " + engine.state().label() + " (" + engine.detail() + "))");
            EXIT_CODE.set(0);
        } catch (Exception e) {
            System.err.println("could not write the snapshot " + file + ": " + e.getMessage());
            EXIT_CODE.set(1);
        }
        stage.hide();
        Platform.exit();
    }
}
