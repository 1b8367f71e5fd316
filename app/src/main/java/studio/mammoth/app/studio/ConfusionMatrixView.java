package studio.mammoth.app.studio;

import java.util.List;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;

/** Rows: true class, columns: predicted class; each cell shaded by its share of the row (a heat map). */
final class ConfusionMatrixView extends GridPane {
    private static final double CELL = 30;

    ConfusionMatrixView() {
        setId("confusion-matrix");
        setHgap(1);
        setVgap(1);
    }

    void show(int[][] counts, List<String> classNames) {
        getChildren().clear();
        for (int p = 0; p < counts.length; p++) {
            Label head = new Label(shortName(classNames.get(p)));
            head.getStyleClass().add("text-small");
            head.setRotate(-60);
            head.setMinHeight(48);
            add(head, p + 1, 0);
        }
        for (int t = 0; t < counts.length; t++) {
            Label rowName = new Label(classNames.get(t));
            rowName.getStyleClass().add("text-small");
            add(rowName, 0, t + 1);
            long rowTotal = 0;
            for (int c : counts[t]) {
                rowTotal += c;
            }
            for (int p = 0; p < counts[t].length; p++) {
                double share = rowTotal == 0 ? 0 : (double) counts[t][p] / rowTotal;
                Label cell = new Label(counts[t][p] == 0 ? "" : Integer.toString(counts[t][p]));
                cell.setId("confusion-" + t + "-" + p);
                cell.setAlignment(Pos.CENTER);
                cell.setPrefSize(CELL, 22);
                String base = t == p ? "44,160,44" : "214,39,40";
                cell.setStyle(String.format(Locale.ROOT, "-fx-background-color: rgba(%s,%.2f); -fx-font-size: 10px;", base,
                        counts[t][p] == 0 ? 0.04 : 0.15 + 0.85 * share));
                cell.setTooltip(new Tooltip(String.format(Locale.ROOT, "true %s, predicted %s: %d (%.1f%% of the row)",
                        classNames.get(t), classNames.get(p), counts[t][p], 100 * share)));
                add(cell, p + 1, t + 1);
            }
        }
    }

    private static String shortName(String name) {
        return name.length() <= 7 ? name : name.substring(0, 6) + ".";
    }
}
