package studio.mammoth.app.studio;

import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;

/** A horizontal bar per layer (sparsity of its weights, or its share of the measured instructions). */
final class LayerBars extends GridPane {
    /** @param fraction bar length in [0, 1]; {@code text} is printed beside it */
    record Row(String name, double fraction, String text) {
    }

    private static final double BAR_WIDTH = 160;
    private final String color;

    LayerBars(String id, String color) {
        setId(id);
        this.color = color;
        setHgap(8);
        setVgap(2);
    }

    void show(List<Row> rows) {
        getChildren().clear();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            Label name = new Label(row.name());
            name.getStyleClass().add("text-small");
            Region bar = new Region();
            bar.setPrefSize(Math.max(1, BAR_WIDTH * Math.min(1, Math.max(0, row.fraction()))), 10);
            bar.setMaxWidth(Region.USE_PREF_SIZE);
            bar.setStyle("-fx-background-color: " + color + ";");
            StackPane track = new StackPane(bar);
            track.setAlignment(Pos.CENTER_LEFT);
            track.setPrefWidth(BAR_WIDTH);
            track.setStyle("-fx-background-color: -color-bg-subtle;");
            Label value = new Label(row.text());
            value.getStyleClass().add("text-small");
            addRow(i, name, track, value);
        }
    }
}
