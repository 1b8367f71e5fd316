package studio.mammoth.app.shell;

import atlantafx.base.theme.Styles;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;

/**
 * The honest empty state of a workspace: which part is missing, the command that creates it (with a copy button),
 * and the checklist it was derived from. "Check again" re-runs the check, e.g. after training in a terminal.
 */
public final class ReadinessView extends VBox {
    private final Ikon icon;
    private final Supplier<Readiness> check;
    private final Label headline = new Label();
    private final Label explanation = new Label();
    private final GridPane checklist = new GridPane();
    private Readiness shown;

    public ReadinessView(Ikon icon, Supplier<Readiness> check) {
        this.icon = icon;
        this.check = check;
        getStyleClass().add("readiness");
        setAlignment(Pos.TOP_CENTER);
        setPadding(new Insets(48, 32, 32, 32));

        VBox card = new VBox(16);
        card.getStyleClass().add("readiness-card");
        card.setMaxWidth(760);
        card.setPadding(new Insets(28, 32, 28, 32));

        FontIcon big = new FontIcon(icon);
        big.getStyleClass().add("readiness-icon");
        headline.setId("readiness-headline");
        headline.getStyleClass().add(Styles.TITLE_3);
        headline.setWrapText(true);
        explanation.getStyleClass().add(Styles.TEXT_MUTED);
        explanation.setWrapText(true);

        checklist.getStyleClass().add("readiness-checklist");
        checklist.setHgap(12);
        checklist.setVgap(10);

        Button again = new Button("Check again", new FontIcon(MaterialDesignR.REFRESH));
        again.setId("readiness-check-again");
        again.setOnAction(e -> refresh());
        HBox actions = new HBox(again);
        actions.setAlignment(Pos.CENTER_LEFT);

        Label needs = new Label("What this workspace needs");
        needs.getStyleClass().addAll(Styles.TEXT_CAPTION, Styles.TEXT_MUTED, "readiness-section");
        card.getChildren().addAll(big, headline, explanation, needs, checklist, actions);
        getChildren().add(card);
        refresh();
    }

    public Readiness readiness() {
        return shown;
    }

    /** Runs the check again and redraws; on the JavaFX thread. */
    public void refresh() {
        shown = check.get();
        headline.setText(shown.headline());
        explanation.setText(shown.explanation());
        checklist.getChildren().clear();
        int row = 0;
        for (Requirement r : shown.checklist()) {
            FontIcon status = new FontIcon(switch (r.status()) {
                case MET -> MaterialDesignC.CHECK_CIRCLE;
                case PENDING -> MaterialDesignT.TIMER_SAND;
                case MISSING -> MaterialDesignA.ALERT_CIRCLE;
            });
            status.getStyleClass().add("requirement-" + r.status().name().toLowerCase(java.util.Locale.ROOT));
            Label name = new Label(r.name());
            name.getStyleClass().add(Styles.TEXT_BOLD);
            name.setMinWidth(Label.USE_PREF_SIZE);
            Label detail = new Label(r.detail());
            detail.getStyleClass().add(Styles.TEXT_MUTED);
            detail.setWrapText(true);
            VBox text = new VBox(3, name, detail);
            if (r.command() != null) {
                text.getChildren().add(commandBox(r.command()));
            }
            GridPane.setHgrow(text, Priority.ALWAYS);
            GridPane.setValignment(status, javafx.geometry.VPos.TOP);
            checklist.add(status, 0, row);
            checklist.add(text, 1, row);
            row++;
        }
    }

    private static HBox commandBox(String command) {
        Label code = new Label(command);
        code.getStyleClass().add("command");
        code.setMinWidth(Label.USE_PREF_SIZE);
        Button copy = new Button(null, new FontIcon(MaterialDesignC.CONTENT_COPY));
        copy.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        copy.setTooltip(new Tooltip("Copy the command"));
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(command);
            Clipboard.getSystemClipboard().setContent(content);
        });
        HBox box = new HBox(4, code, copy);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

}
