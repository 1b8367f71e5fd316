package studio.mammoth.app.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import org.junit.jupiter.api.Test;

class ShortcutRegistryTest {
    private final ShortcutRegistry registry = new ShortcutRegistry();
    private final List<String> ran = new ArrayList<>();
    private static final KeyCombination CTRL_ENTER = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.CONTROL_DOWN);

    private static KeyEvent ctrlEnter() {
        return new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.ENTER, false, true, false, false);
    }

    @Test
    void pageKeysActOnlyOnTheirPage() {
        registry.forPage("create", "Create", CTRL_ENTER, "Generate", () -> ran.add("generate"));
        registry.forPage("edit", "Edit", CTRL_ENTER, "Apply edit", () -> ran.add("apply"));
        registry.find(ctrlEnter(), "edit").orElseThrow().action().run();
        registry.find(ctrlEnter(), "create").orElseThrow().action().run();
        assertTrue(registry.find(ctrlEnter(), "ask").isEmpty());
        assertEquals(List.of("apply", "generate"), ran);
    }

    @Test
    void aKeyCannotBeTakenTwiceWhereBothWouldAct() {
        registry.global("Application", CTRL_ENTER, "Quit", () -> { });
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> registry.forPage("create", "Create", CTRL_ENTER, "Generate", () -> { }));
        assertTrue(e.getMessage().contains("\"Quit\""), e.getMessage());
    }

    @Test
    void theSheetListsWhatWasRegisteredInOrder() {
        registry.global("Application", new KeyCodeCombination(KeyCode.F1), "Shortcuts", () -> { });
        registry.forPage("create", "Create", CTRL_ENTER, "Generate", () -> { });
        assertEquals(List.of("Shortcuts", "Generate"), registry.all().stream().map(ShortcutRegistry.Shortcut::description).toList());
    }

    @Test
    void lettersAndTextUndoStayWithATextFieldWhileCommandsReachTheWindow() {
        assertTrue(ShortcutRegistry.typingKey(new KeyCodeCombination(KeyCode.B)), "B must type a b in the instruction");
        assertTrue(ShortcutRegistry.typingKey(new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN)));
        assertTrue(ShortcutRegistry.typingKey(new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN)));
        assertFalse(ShortcutRegistry.typingKey(CTRL_ENTER), "Ctrl+Enter applies even from the instruction field");
        assertFalse(ShortcutRegistry.typingKey(new KeyCodeCombination(KeyCode.ESCAPE)));
        assertFalse(ShortcutRegistry.typingKey(new KeyCodeCombination(KeyCode.DIGIT1, KeyCombination.SHORTCUT_DOWN)));
        assertFalse(ShortcutRegistry.typingKey(new KeyCodeCombination(KeyCode.F1)));
    }
}
