package studio.mammoth.app.shell;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.event.EventHandler;
import javafx.scene.Scene;
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
     *
     * @param activePage id of the workspace on screen
     */
    public void install(Scene scene, Supplier<String> activePage) {
        EventHandler<KeyEvent> filter = event -> find(event, activePage.get()).ifPresent(s -> {
            event.consume();
            s.action().run();
        });
        scene.addEventFilter(KeyEvent.KEY_PRESSED, filter);
    }

    Optional<Shortcut> find(KeyEvent event, String activePage) {
        return shortcuts.stream()
                .filter(s -> s.pageId() == null || s.pageId().equals(activePage))
                .filter(s -> s.keys().match(event))
                .findFirst();
    }
}
