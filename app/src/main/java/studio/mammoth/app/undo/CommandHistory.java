package studio.mammoth.app.undo;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Undo and redo for one workspace, capped so a long session does not keep every stroke alive (long histories are a
 * known source of canvas lag in painting tools). Executing a new command clears the redo side. A command that throws
 * while executing, undoing or redoing leaves the history exactly as it was.
 *
 * <p>{@link #undoLabelProperty()} and {@link #redoLabelProperty()} are "Undo Paint stroke" / "Redo Paint stroke", or
 * empty when there is nothing to undo or redo, so buttons bind their text and disabled state to them.
 */
public final class CommandHistory {
    public static final int DEFAULT_CAPACITY = 100;

    private final int capacity;
    private final Deque<UndoableCommand> undoStack = new ArrayDeque<>();
    private final Deque<UndoableCommand> redoStack = new ArrayDeque<>();
    private final ReadOnlyStringWrapper undoLabel = new ReadOnlyStringWrapper(this, "undoLabel", "");
    private final ReadOnlyStringWrapper redoLabel = new ReadOnlyStringWrapper(this, "redoLabel", "");

    public CommandHistory() {
        this(DEFAULT_CAPACITY);
    }

    public CommandHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("history capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Executes the command and records it as the newest undoable step. */
    public void execute(UndoableCommand command) {
        command.execute();
        undoStack.push(command);
        if (undoStack.size() > capacity) {
            undoStack.removeLast();
        }
        redoStack.clear();
        updateLabels();
    }

    /** @return the command that was undone, or empty when there was none */
    public Optional<UndoableCommand> undo() {
        return step(undoStack, redoStack, UndoableCommand::undo);
    }

    /** @return the command that was redone, or empty when there was none */
    public Optional<UndoableCommand> redo() {
        return step(redoStack, undoStack, UndoableCommand::redo);
    }

    /** Applies the newest command of {@code from} and moves it to {@code to}; if it throws, both stay as they were. */
    private Optional<UndoableCommand> step(Deque<UndoableCommand> from, Deque<UndoableCommand> to, Consumer<UndoableCommand> action) {
        UndoableCommand command = from.peek();
        if (command == null) {
            return Optional.empty();
        }
        action.accept(command);
        to.push(from.pop());
        updateLabels();
        return Optional.of(command);
    }

    public boolean canUndo() {
        return !undoStack.isEmpty();
    }

    public boolean canRedo() {
        return !redoStack.isEmpty();
    }

    public int undoSize() {
        return undoStack.size();
    }

    public int capacity() {
        return capacity;
    }

    /** Forgets every step (a new image was opened: old strokes no longer apply). */
    public void clear() {
        undoStack.clear();
        redoStack.clear();
        updateLabels();
    }

    public ReadOnlyStringProperty undoLabelProperty() {
        return undoLabel.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty redoLabelProperty() {
        return redoLabel.getReadOnlyProperty();
    }

    private void updateLabels() {
        undoLabel.set(undoStack.isEmpty() ? "" : "Undo " + undoStack.peek().description());
        redoLabel.set(redoStack.isEmpty() ? "" : "Redo " + redoStack.peek().description());
    }
}
