package studio.mammoth.app.studio;

import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * One memory region (flash or SRAM) as a used/total bar split into weights, activations and the runtime (firmware code in flash; its data, bss and stack in SRAM), the way tiny-ML
 * deployment tools show it. The bar turns red when the parts exceed the limit.
 */
final class MemoryBar extends VBox {
    /** The part kinds, each with its fixed colour so flash and SRAM bars read alike. */
    enum Kind {
        WEIGHTS("weights", "#4c78a8"), ACTIVATIONS("activations", "#f58518"), CODE("runtime", "#54a24b");

        final String label;
        final String color;

        Kind(String label, String color) {
            this.label = label;
            this.color = color;
        }
    }

    record Part(Kind kind, long bytes) {
    }

    private static final double TRACK_WIDTH = 320;
    private final Label caption = new Label();
    private final HBox fill = new HBox();
    private final StackPane track = new StackPane(fill);

    MemoryBar(String id, String title) {
        setId(id);
        setSpacing(3);
        Label name = new Label(title);
        name.getStyleClass().add("text-bold");
        track.setPrefSize(TRACK_WIDTH, 14);
        track.setMaxWidth(TRACK_WIDTH);
        track.setStyle("-fx-background-color: -color-bg-subtle; -fx-border-color: -color-border-default;");
        fill.setMaxWidth(Region.USE_PREF_SIZE);
        StackPane.setAlignment(fill, javafx.geometry.Pos.CENTER_LEFT);
        caption.getStyleClass().add("text-small");
        caption.setId(id + "-text");
        getChildren().addAll(name, track, caption);
        setPadding(new Insets(2, 0, 4, 0));
        clear("no figures yet");
    }

    void clear(String why) {
        fill.getChildren().clear();
        caption.setText(why);
    }

    /** Draws the parts against {@code limitBytes}. */
    void show(long limitBytes, List<Part> parts) {
        fill.getChildren().clear();
        long used = parts.stream().mapToLong(Part::bytes).sum();
        double scale = TRACK_WIDTH / Math.max(limitBytes, used);
        StringBuilder text = new StringBuilder();
        for (Part p : parts) {
            Region r = new Region();
            r.setPrefSize(Math.max(1, p.bytes() * scale), 12);
            r.setMinWidth(Region.USE_PREF_SIZE);
            r.setStyle("-fx-background-color: " + p.kind().color + ";");
            Tooltip.install(r, new Tooltip(p.kind().label + ": " + kb(p.bytes())));
            fill.getChildren().add(r);
            text.append(text.isEmpty() ? "" : " + ").append(p.kind().label).append(' ').append(kb(p.bytes()));
        }
        boolean over = used > limitBytes;
        text.append(String.format(Locale.ROOT, " = %s of %s (%.0f%%)%s", kb(used), kb(limitBytes), 100.0 * used / limitBytes,
                over ? " — over the limit" : ""));
        caption.setText(text.toString());
        track.setStyle("-fx-background-color: -color-bg-subtle; -fx-border-color: " + (over ? "#d62728" : "-color-border-default") + ";");
        caption.setStyle(over ? "-fx-text-fill: #d62728;" : "");
    }

    static String kb(long bytes) {
        return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }
}
