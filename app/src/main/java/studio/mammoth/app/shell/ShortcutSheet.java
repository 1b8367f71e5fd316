package studio.mammoth.app.shell;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;

/** The F1 sheet: every registered shortcut, grouped, read from the registry when the sheet opens. */
final class ShortcutSheet extends VBox {
    private final Button closeButton = new Button(null, new FontIcon(MaterialDesignC.CLOSE));

    ShortcutSheet(List<ShortcutRegistry.Shortcut> shortcuts, Runnable close) {
        setId("shortcut-sheet");
        getStyleClass().add("shortcut-sheet");
        setSpacing(16);
        setPadding(new Insets(24, 28, 24, 28));
        setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);

        Label title = new Label("Keyboard shortcuts");
        title.getStyleClass().add(Styles.TITLE_3);
        closeButton.setId("shortcut-sheet-close");
        closeButton.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        closeButton.setOnAction(e -> close.run());
        HBox header = new HBox(title, new Spacer(), closeButton);
        header.setAlignment(Pos.CENTER_LEFT);
        getChildren().add(header);

        Map<String, GridPane> groups = new LinkedHashMap<>();
        for (ShortcutRegistry.Shortcut s : shortcuts) {
            GridPane grid = groups.computeIfAbsent(s.group(), g -> {
                GridPane pane = new GridPane();
                pane.setHgap(16);
                pane.setVgap(6);
                return pane;
            });
            Label keys = new Label(s.keysText());
            keys.getStyleClass().add("kbd");
            keys.setMinWidth(USE_PREF_SIZE);
            Label what = new Label(s.description());
            int row = grid.getRowCount();
            grid.add(keys, 0, row);
            grid.add(what, 1, row);
        }
        groups.forEach((group, grid) -> {
            Label heading = new Label(group);
            heading.getStyleClass().addAll(Styles.TEXT_CAPTION, Styles.TEXT_MUTED, "sheet-group");
            getChildren().add(new VBox(8, heading, grid));
        });
        Label closing = new Label("Esc or a click outside closes this sheet.");
        closing.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        getChildren().add(closing);
    }
}
