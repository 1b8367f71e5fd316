package studio.mammoth.app.shell;

import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;

/** Editable number fields that take what was typed without Enter, as the workspaces' settings need. */
public final class Spinners {
    private Spinners() {
    }

    /** An edited spinner value counts when the field loses the focus. */
    public static <T> void commitOnFocusLoss(Spinner<T> spinner) {
        spinner.focusedProperty().addListener((o, was, is) -> {
            if (!is) {
                commit(spinner);
            }
        });
    }

    /** Takes the typed text as the value; text that is not a number keeps the last valid value. */
    public static <T> void commit(Spinner<T> spinner) {
        SpinnerValueFactory<T> f = spinner.getValueFactory();
        try {
            T value = f.getConverter().fromString(spinner.getEditor().getText());
            if (value != null) {
                f.setValue(value);
            }
        } catch (RuntimeException e) {
            // not a number: keep the last valid value
        }
        spinner.getEditor().setText(f.getConverter().toString(f.getValue()));
    }
}
