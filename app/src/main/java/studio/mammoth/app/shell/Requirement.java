package studio.mammoth.app.shell;

import java.util.Objects;

/**
 * One thing a workspace needs, as checked just now.
 *
 * @param detail  where it was found, or why it is needed
 * @param command what to run to get it (shown with a copy button), or null when there is nothing to run
 */
public record Requirement(String name, Status status, String detail, String command) {
    public enum Status {
        MET, PENDING, MISSING
    }

    public Requirement {
        Objects.requireNonNull(name);
        Objects.requireNonNull(status);
        Objects.requireNonNull(detail);
    }

    public boolean met() {
        return status == Status.MET;
    }
}
