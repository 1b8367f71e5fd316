package studio.mammoth.app.shell;

import javafx.application.Application;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import studio.mammoth.app.events.EventBus;
import studio.mammoth.app.events.ThemeChanged;

/** Applies the light or dark AtlantaFX stylesheet to the whole application and announces the switch. */
public final class ThemeManager {
    private final EventBus bus;
    private final ReadOnlyObjectWrapper<Theme> theme = new ReadOnlyObjectWrapper<>(this, "theme");

    public ThemeManager(EventBus bus, Theme initial) {
        this.bus = bus;
        apply(initial);
    }

    public ReadOnlyObjectProperty<Theme> themeProperty() {
        return theme.getReadOnlyProperty();
    }

    public Theme theme() {
        return theme.get();
    }

    public void toggle() {
        apply(theme.get().other());
    }

    public void apply(Theme next) {
        Application.setUserAgentStylesheet(next.stylesheet());
        if (theme.get() != next) {
            theme.set(next);
            bus.publish(new ThemeChanged(next.dark()));
        }
    }
}
