package studio.mammoth.app.shell;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.event.EventHandler;
import javafx.scene.Scene;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;

/**
 * Every keyboard shortcut of the window, in one list: the scene's key filter dispatches from it and the F1 sheet
 * lists it, so the sheet can never advertise a key that does nothing. The shell registers the global keys; a page
 * registers its own with {@link #forPage}, and those act only while that page is shown.
 */
public final class ShortcutRegistry {
    /**
     * @param pageId the workspace in which the key acts, or null for everywhere
     */
    public record Shortcut(KeyCombination keys, String group, String description, String pageId, Runnable action) {
        public Shortcut {
            Objects.requireNonNull(keys);
            Objects.requireNonNull(group);
            Objects.requireNonNull(description);
            Objects.requireNonNull(action);
        }

        public String keysText() {
            return keys.getDisplayText();
        }

        boolean overlaps(Shortcut other) {
            return keys.equals(other.keys) && (pageId == null || other.pageId == null || pageId.equals(other.pageId));
        }
    }

    private final ObservableList<Shortcut> shortcuts = FXCollections.observableArrayList();
    private final ObservableList<Shortcut> readOnly = FXCollections.unmodifiableObservableList(shortcuts);

    /** A key that acts in every workspace. */
    public Shortcut global(String group, KeyCombination keys, String description, Runnable action) {
        return add(new Shortcut(keys, group, description, null, action));
    }

    /** A key that acts only while the workspace {@code pageId} is shown; listed in the sheet under {@code group}. */
    public Shortcut forPage(String pageId, String group, KeyCombination keys, String description, Runnable action) {
        return add(new Shortcut(keys, group, description, Objects.requireNonNull(pageId), action));
    }

    private Shortcut add(Shortcut shortcut) {
        Optional<Shortcut> clash = shortcuts.stream().filter(s -> s.overlaps(shortcut)).findFirst();
        if (clash.isPresent()) {
            throw new IllegalStateException(shortcut.keysText() + " for \"" + shortcut.description()
                    + "\" is already taken by \"" + clash.get().description() + "\"");
        }
        shortcuts.add(shortcut);
        return shortcut;
    }

    public void remove(Shortcut shortcut) {
        shortcuts.remove(shortcut);
    }

    /** In registration order: the shell's keys first, then each page's. */
    public ObservableList<Shortcut> all() {
        return readOnly;
    }

    /**
     * Dispatches key presses of the scene, before any control sees them (a text field must not swallow Ctrl+1).
     * While a text field has the focus, the keys it needs for typing stay with it (see {@link #typingKey}).
     *
     * @param activePage id of the workspace on screen
     */
    public void install(Scene scene, Supplier<String> activePage) {
        EventHandler<KeyEvent> filter = event -> find(event, activePage.get())
                .filter(s -> !(typingKey(s.keys()) && scene.getFocusOwner() instanceof TextInputControl))
                .ifPresent(s -> {
                    event.consume();
                    s.action().run();
                });
        scene.addEventFilter(KeyEvent.KEY_PRESSED, filter);
    }

    /**
     * A key a text field needs while the user types: a plain letter, digit or space (B for the brush must not eat
     * the "b" of "bag"), and Ctrl+Z / Ctrl+Shift+Z (undo the typing, not the canvas).
     */
    static boolean typingKey(KeyCombination keys) {
        if (!(keys instanceof KeyCodeCombination k) || k.getAlt() == KeyCombination.ModifierValue.DOWN
                || k.getMeta() == KeyCombination.ModifierValue.DOWN) {
            return false;
        }
        boolean command = k.getShortcut() == KeyCombination.ModifierValue.DOWN || k.getControl() == KeyCombination.ModifierValue.DOWN;
        if (command) {
            return k.getCode() == KeyCode.Z;
        }
        return k.getCode().isLetterKey() || k.getCode().isDigitKey() || k.getCode() == KeyCode.SPACE;
    }

    Optional<Shortcut> find(KeyEvent event, String activePage) {
        return shortcuts.stream()
                .filter(s -> s.pageId() == null || s.pageId().equals(activePage))
                .filter(s -> s.keys().match(event))
                .findFirst();
    }
}
