package studio.mammoth.app.shell;

import java.nio.file.Path;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/** The JavaFX application; started through {@link #start} so the launcher class needs no module path. */
public final class StudioApp extends Application {
    public record Options(String workspace, Path snapshot) {
    }

    private static Options options = new Options(null, null);

    public static int start(Options opts) {
        options = opts;
        Application.launch(StudioApp.class);
        return 0;
    }

    @Override
    public void start(Stage stage) {
        stage.setTitle("Mammoth Studio");
        stage.setScene(new Scene(new Label("Mammoth Studio"), 1100, 720));
        stage.show();
    }
}
