package studio.mammoth.app.undo;

/**
 * One user edit that can be taken back (Scene Builder's Job): a paint stroke, an accepted model edit, a cleared mask.
 * Commands hold what they need to undo themselves (the pixels they replaced, the previous value); they are run
 * only through a {@link CommandHistory}, on the JavaFX thread.
 */
public interface UndoableCommand {
    /** Applies the edit the first time. */
    void execute();

    /** Restores exactly the state from before {@link #execute()}. */
    void undo();

    /** Applies the edit again after an undo; the same as executing unless a command caches its result. */
    default void redo() {
        execute();
    }

    /** Short, readable label for the menu and tooltips: "Paint stroke", "Apply edit “make the bag green”". */
    String description();
}
