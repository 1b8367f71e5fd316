package studio.mammoth.app.events;

/** Published after the window switched to a workspace. */
public record WorkspaceShown(String workspaceId) {
}
