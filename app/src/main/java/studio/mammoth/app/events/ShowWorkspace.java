package studio.mammoth.app.events;

/** A request to bring a workspace to the front (navigation, Ctrl+1..4, a hand-off such as "open in Edit"). */
public record ShowWorkspace(String workspaceId) {
}
