package studio.mammoth.app.events;

/** Published after the light/dark theme was switched; views that draw their own colors (canvases, charts) repaint. */
public record ThemeChanged(boolean dark) {
}
