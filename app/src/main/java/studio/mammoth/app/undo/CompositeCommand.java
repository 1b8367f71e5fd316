package studio.mammoth.app.undo;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Several commands that are one step for the user: executed in order, undone in reverse order. */
public final class CompositeCommand implements UndoableCommand {
    private final String description;
    private final List<UndoableCommand> parts;

    public CompositeCommand(String description, List<? extends UndoableCommand> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a composite command needs at least one part");
        }
        this.description = Objects.requireNonNull(description);
        this.parts = List.copyOf(parts);
    }

    @Override
    public void execute() {
        runAll(false);
    }

    @Override
    public void redo() {
        runAll(true);
    }

    /** If a part fails, the parts already applied are undone so the composite is all-or-nothing. */
    private void runAll(boolean redo) {
        List<UndoableCommand> applied = new ArrayList<>();
        try {
            for (UndoableCommand part : parts) {
                if (redo) {
                    part.redo();
                } else {
                    part.execute();
                }
                applied.add(part);
            }
        } catch (RuntimeException e) {
            for (int i = applied.size() - 1; i >= 0; i--) {
                applied.get(i).undo();
            }
            throw e;
        }
    }

    @Override
    public void undo() {
        for (int i = parts.size() - 1; i >= 0; i--) {
            parts.get(i).undo();
        }
    }

    @Override
    public String description() {
        return description;
    }
}
