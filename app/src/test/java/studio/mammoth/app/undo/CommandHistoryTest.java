package studio.mammoth.app.undo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandHistoryTest {
    /** The edited document: a list of strokes. */
    private final List<String> canvas = new ArrayList<>();

    private UndoableCommand stroke(String name) {
        return new UndoableCommand() {
            @Override
            public void execute() {
                canvas.add(name);
            }

            @Override
            public void undo() {
                canvas.remove(canvas.size() - 1);
            }

            @Override
            public String description() {
                return "Paint " + name;
            }
        };
    }

    /** A command whose execution throws, as an edit on a missing image would. */
    private static UndoableCommand failing(String why) {
        return new UndoableCommand() {
            @Override
            public void execute() {
                throw new IllegalStateException(why);
            }

            @Override
            public void undo() {
                throw new AssertionError("a command that never executed must not be undone");
            }

            @Override
            public String description() {
                return "Failing";
            }
        };
    }

    @Test
    void undoAndRedoWalkTheStepsWithTheirLabels() {
        CommandHistory history = new CommandHistory();
        assertEquals("", history.undoLabelProperty().get());
        history.execute(stroke("a"));
        history.execute(stroke("b"));
        assertEquals(List.of("a", "b"), canvas);
        assertEquals("Undo Paint b", history.undoLabelProperty().get());

        assertEquals("Paint b", history.undo().orElseThrow().description());
        assertEquals(List.of("a"), canvas);
        assertEquals("Undo Paint a", history.undoLabelProperty().get());
        assertEquals("Redo Paint b", history.redoLabelProperty().get());

        history.undo();
        assertEquals(List.of(), canvas);
        assertFalse(history.canUndo());
        assertTrue(history.undo().isEmpty(), "undo past the start does nothing");

        history.redo();
        history.redo();
        assertEquals(List.of("a", "b"), canvas);
        assertFalse(history.canRedo());
        assertEquals("", history.redoLabelProperty().get());
    }

    @Test
    void aNewStepClearsTheRedoSide() {
        CommandHistory history = new CommandHistory();
        history.execute(stroke("a"));
        history.execute(stroke("b"));
        history.undo();
        history.execute(stroke("c"));
        assertFalse(history.canRedo());
        assertEquals(List.of("a", "c"), canvas);
    }

    @Test
    void theHistoryForgetsTheOldestStepsBeyondItsCapacity() {
        CommandHistory history = new CommandHistory(3);
        for (String s : List.of("a", "b", "c", "d", "e")) {
            history.execute(stroke(s));
        }
        assertEquals(3, history.undoSize());
        while (history.canUndo()) {
            history.undo();
        }
        assertEquals(List.of("a", "b"), canvas, "only the three newest steps can be undone");
    }

    @Test
    void aCommandThatFailsLeavesTheHistoryUnchanged() {
        CommandHistory history = new CommandHistory();
        history.execute(stroke("a"));
        assertThrows(IllegalStateException.class, () -> history.execute(failing("no image open")));
        assertEquals("Undo Paint a", history.undoLabelProperty().get());
        assertEquals(1, history.undoSize());
    }

    @Test
    void aCompositeIsOneStepAndRollsBackWhenAPartFails() {
        CommandHistory history = new CommandHistory();
        history.execute(new CompositeCommand("Apply edit", List.of(stroke("mask"), stroke("pixels"))));
        assertEquals(List.of("mask", "pixels"), canvas);
        assertEquals("Undo Apply edit", history.undoLabelProperty().get());
        history.undo();
        assertEquals(List.of(), canvas);
        history.redo();
        assertEquals(List.of("mask", "pixels"), canvas);

        assertThrows(IllegalStateException.class,
                () -> history.execute(new CompositeCommand("Half", List.of(stroke("x"), failing("out of memory")))));
        assertEquals(List.of("mask", "pixels"), canvas, "the part that ran was undone");
        assertEquals(1, history.undoSize());
    }

    @Test
    void capacityMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new CommandHistory(0));
    }
}
