package studio.mammoth.app.create;

import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import javafx.geometry.Side;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.CustomMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.VBox;

/**
 * The prompt: a text field that offers the known words starting with the word under the caret (the model reads only
 * its own vocabulary) and says below it what is wrong with the prompt (unknown word with the closest known one,
 * empty, too long) before Generate is pressed. Up and Down step through earlier prompts, newest first, and back to
 * what was being typed.
 */
final class PromptField extends VBox {
    static final int MAX_SUGGESTIONS = 8;

    private final TextField field = new TextField();
    private final Label problem = new Label();
    private final ContextMenu suggestions = new ContextMenu();
    private List<String> words;
    private Function<String, Optional<String>> check;
    private boolean completing;
    /** Earlier prompts, newest first, without repeats. */
    private List<String> history = List.of();
    /** Which earlier prompt the field shows: -1 for the one being typed ({@link #draft}). */
    private int historyIndex = -1;
    private String draft = "";

    PromptField(List<String> words, Function<String, Optional<String>> check) {
        super(4);
        this.words = words;
        this.check = check;
        field.setId("create-prompt");
        field.setPromptText("a photo of a red bag left of a blue sneaker");
        field.setTooltip(new Tooltip("Up / Down: earlier prompts"));
        field.addEventHandler(KeyEvent.KEY_PRESSED, this::stepHistory);
        problem.setId("create-prompt-problem");
        problem.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.DANGER);
        problem.setWrapText(true);
        problem.managedProperty().bind(problem.visibleProperty());
        problem.setVisible(false);
        getChildren().addAll(field, problem);
        field.textProperty().addListener((obs, old, now) -> {
            validate();
            if (!completing) {
                historyIndex = -1; // typing makes the text a new draft
                suggest();
            }
        });
        field.focusedProperty().addListener((obs, was, is) -> {
            if (!is) {
                suggestions.hide();
            }
        });
    }

    TextField field() {
        return field;
    }

    String text() {
        return field.getText();
    }

    /** Sets the prompt (a restored one, not typing): no completions offered, and it is the new draft. */
    void setText(String text) {
        show(text);
        historyIndex = -1;
    }

    private void show(String text) {
        completing = true;
        field.setText(text);
        completing = false;
        field.positionCaret(text.length());
    }

    /** Earlier prompts for Up / Down, newest first; repeats are kept once, at their newest place. */
    void history(List<String> prompts) {
        history = prompts.stream().map(String::trim).filter(p -> !p.isEmpty()).distinct().toList();
        historyIndex = -1;
    }

    /** Up shows the next older prompt, Down the next newer one and finally the draft again. */
    private void stepHistory(KeyEvent e) {
        int step = e.getCode() == KeyCode.UP ? 1 : e.getCode() == KeyCode.DOWN ? -1 : 0;
        if (step == 0 || e.isShortcutDown() || e.isAltDown() || e.isShiftDown()) {
            return;
        }
        int next = Math.max(-1, Math.min(history.size() - 1, historyIndex + step));
        if (next != historyIndex) {
            if (historyIndex == -1) {
                draft = field.getText();
            }
            show(next == -1 ? draft : history.get(next));
            historyIndex = next;
            suggestions.hide();
        }
        e.consume();
    }

    /** The model's own word list and check, once it is loaded (its tokenizer knows the length limit). */
    void use(List<String> vocabulary, Function<String, Optional<String>> modelCheck) {
        this.words = vocabulary;
        this.check = modelCheck;
        validate();
    }

    /** What is wrong with the prompt now, or empty; the message is shown under the field. */
    Optional<String> validate() {
        Optional<String> issue = check.apply(field.getText());
        problem.setText(issue.orElse(""));
        problem.setVisible(issue.isPresent() && !field.getText().isBlank());
        field.pseudoClassStateChanged(Styles.STATE_DANGER, problem.isVisible());
        return issue;
    }

    private int caret() {
        return Math.min(field.getCaretPosition(), field.getText().length());
    }

    /** Where the word under the caret starts: after the last space before the caret. */
    private int wordStart() {
        String text = field.getText();
        int start = caret();
        while (start > 0 && !Character.isWhitespace(text.charAt(start - 1))) {
            start--;
        }
        return start;
    }

    /** The part of the word under the caret that is typed so far. */
    private String currentWord() {
        return field.getText().substring(wordStart(), caret()).toLowerCase(Locale.ROOT);
    }

    private void suggest() {
        // The caret moves after the text property fires; read it once the edit is complete.
        javafx.application.Platform.runLater(() -> {
            String partial = currentWord();
            // A finished known word gets no menu: the open menu would take Enter (and Ctrl+Enter) for itself.
            List<String> matches = partial.isEmpty() || words.contains(partial) ? List.of()
                    : words.stream().filter(w -> w.startsWith(partial)).limit(MAX_SUGGESTIONS).toList();
            if (matches.isEmpty() || !field.isFocused() || field.getScene() == null) {
                suggestions.hide();
                return;
            }
            suggestions.getItems().setAll(matches.stream().map(w -> {
                CustomMenuItem item = new CustomMenuItem(new Label(w), true);
                item.setOnAction(e -> complete(w));
                return item;
            }).toList());
            if (!suggestions.isShowing()) {
                suggestions.show(field, Side.BOTTOM, 0, 0);
            }
        });
    }

    /** Replaces the word under the caret with {@code word} and a space. */
    void complete(String word) {
        String text = field.getText();
        int start = wordStart();
        String rest = text.substring(caret());
        String inserted = word + (rest.startsWith(" ") ? "" : " ");
        completing = true;
        field.setText(text.substring(0, start) + inserted + rest);
        completing = false;
        historyIndex = -1;
        field.positionCaret(start + inserted.length());
        suggestions.hide();
    }

    List<String> shownSuggestions() {
        return suggestions.isShowing()
                ? suggestions.getItems().stream().map(i -> ((Label) ((CustomMenuItem) i).getContent()).getText()).toList()
                : List.of();
    }
}
