package studio.mammoth.app.shell;

import java.util.Optional;
import javafx.scene.Node;
import org.kordamp.ikonli.Ikon;
import studio.mammoth.app.undo.CommandHistory;

/**
 * One workspace of the window (AtlantaFX sampler's Page). The shell builds the navigation, the header, Ctrl+1..n
 * and {@code --workspace} from these methods; pages never reference each other, they publish and subscribe on the
 * {@link PageContext#events() event bus}. A new workspace is a class implementing this plus one line in
 * {@link Workspaces}.
 */
public interface Page {
    /** Stable lower-case id: {@code --workspace} name, saved in the settings, node id {@code page-<id>}. */
    String id();

    String title();

    /** One line under the title saying what the workspace is for. */
    String summary();

    Ikon icon();

    /** The workspace's content; built once, called on the JavaFX thread. */
    Node node();

    /** Called each time the workspace comes to the front (re-check files that may have appeared meanwhile). */
    default void shown() {
    }

    /** The undo history of a workspace that edits something; the shell shows labelled undo/redo buttons for it. */
    default Optional<CommandHistory> history() {
        return Optional.empty();
    }
}
