package studio.mammoth.app.shell;

import java.util.List;

/**
 * What a workspace shows while it cannot work yet: a headline that names the missing part and the command that
 * creates it, a sentence on what the workspace will do, and the checklist behind the headline.
 */
public record Readiness(String headline, String explanation, List<Requirement> checklist) {
    public Readiness {
        checklist = List.copyOf(checklist);
    }

    /** Everything needed is present. */
    public boolean ready() {
        return checklist.stream().allMatch(Requirement::met);
    }
}
