package studio.mammoth.app.shell;

/**
 * What the window remembers between runs. Stored as JSON by {@link SettingsStore}; every field has a sane default
 * so a missing, older or hand-edited file still opens the window.
 *
 * @param workspace id of the workspace shown last ("create", "edit", "ask", "studio")
 */
public record Settings(Theme theme, double width, double height, boolean maximized, String workspace) {
    public static final double MIN_WIDTH = 960;
    public static final double MIN_HEIGHT = 640;
    public static final Settings DEFAULTS = new Settings(Theme.LIGHT, 1280, 800, false, "create");

    /** Replaces absent or impossible values (a file from an older version, a hand edit) with the defaults. */
    public Settings sanitized() {
        return new Settings(
                theme == null ? DEFAULTS.theme : theme,
                Double.isFinite(width) && width >= MIN_WIDTH ? width : DEFAULTS.width,
                Double.isFinite(height) && height >= MIN_HEIGHT ? height : DEFAULTS.height,
                maximized,
                workspace == null || workspace.isBlank() ? DEFAULTS.workspace : workspace);
    }

    public Settings withTheme(Theme newTheme) {
        return new Settings(newTheme, width, height, maximized, workspace);
    }

    public Settings withWorkspace(String newWorkspace) {
        return new Settings(theme, width, height, maximized, newWorkspace);
    }

    public Settings withWindow(double newWidth, double newHeight, boolean isMaximized) {
        return new Settings(theme, newWidth, newHeight, isMaximized, workspace);
    }
}
