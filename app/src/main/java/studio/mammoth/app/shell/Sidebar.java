package studio.mammoth.app.shell;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignK;
import org.kordamp.ikonli.materialdesign2.MaterialDesignW;
import studio.mammoth.app.events.EventBus;
import studio.mammoth.app.events.ShowWorkspace;
import studio.mammoth.app.events.WorkspaceShown;

/**
 * The navigation on the left: one entry per workspace with its key, then the theme switch and the shortcut sheet.
 * Clicking publishes {@link ShowWorkspace}; the highlighted entry follows {@link WorkspaceShown}, whoever asked.
 */
final class Sidebar extends VBox {
    private final Map<String, ToggleButton> entries = new LinkedHashMap<>();

    /**
     * @param keys display text of each page's key ("Ctrl+1"), in page order
     */
    Sidebar(EventBus bus, List<Page> pages, List<String> keys, ThemeManager themes, Runnable showShortcuts) {
        getStyleClass().add("sidebar");

        FontIcon logo = new FontIcon(MaterialDesignE.ELEPHANT);
        Label name = new Label("Mammoth Studio");
        name.getStyleClass().add("brand-name");
        name.setMinWidth(Label.USE_PREF_SIZE);
        HBox brand = new HBox(10, logo, name);
        brand.getStyleClass().add("brand");
        brand.setAlignment(Pos.CENTER_LEFT);
        getChildren().add(brand);

        ToggleGroup group = new ToggleGroup();
        for (int i = 0; i < pages.size(); i++) {
            Page page = pages.get(i);
            Label title = new Label(page.title());
            title.getStyleClass().add("nav-title");
            Label key = new Label(keys.get(i));
            key.getStyleClass().add("nav-key");
            HBox content = new HBox(10, new FontIcon(page.icon()), title, new Spacer(Orientation.HORIZONTAL), key);
            content.setAlignment(Pos.CENTER_LEFT);
            ToggleButton entry = new ToggleButton(null, content);
            entry.setId("nav-" + page.id());
            entry.getStyleClass().add("nav-item");
            entry.setMaxWidth(Double.MAX_VALUE);
            entry.setTooltip(new Tooltip(page.summary() + " (" + keys.get(i) + ")"));
            entry.setToggleGroup(group);
            // A toggle group lets a click deselect; here a click always means "show this workspace".
            entry.setOnAction(e -> {
                entry.setSelected(true);
                bus.publish(new ShowWorkspace(page.id()));
            });
            entries.put(page.id(), entry);
            getChildren().add(entry);
        }
        bus.subscribe(WorkspaceShown.class, e -> {
            ToggleButton entry = entries.get(e.workspaceId());
            if (entry != null) {
                entry.setSelected(true);
            }
        });

        Spacer fill = new Spacer(Orientation.VERTICAL);
        VBox.setVgrow(fill, Priority.ALWAYS);

        Button theme = new Button();
        theme.setId("theme-toggle");
        theme.getStyleClass().addAll("nav-item", Styles.FLAT);
        theme.setMaxWidth(Double.MAX_VALUE);
        theme.setAlignment(Pos.CENTER_LEFT);
        theme.setOnAction(e -> themes.toggle());
        Runnable showTheme = () -> {
            boolean dark = themes.theme().dark();
            theme.setText(dark ? "Light theme" : "Dark theme");
            theme.setGraphic(new FontIcon(dark ? MaterialDesignW.WHITE_BALANCE_SUNNY : MaterialDesignW.WEATHER_NIGHT));
            theme.setTooltip(new Tooltip("Switch to the " + (dark ? "light" : "dark") + " theme (Ctrl+Shift+T)"));
        };
        themes.themeProperty().addListener((obs, old, now) -> showTheme.run());
        showTheme.run();

        Button shortcuts = new Button("Shortcuts", new FontIcon(MaterialDesignK.KEYBOARD_OUTLINE));
        shortcuts.setId("shortcuts-button");
        shortcuts.getStyleClass().addAll("nav-item", Styles.FLAT);
        shortcuts.setMaxWidth(Double.MAX_VALUE);
        shortcuts.setAlignment(Pos.CENTER_LEFT);
        shortcuts.setTooltip(new Tooltip("All keyboard shortcuts (F1)"));
        shortcuts.setOnAction(e -> showShortcuts.run());

        getChildren().addAll(fill, theme, shortcuts);
    }
}
