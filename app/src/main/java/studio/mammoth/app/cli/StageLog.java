package studio.mammoth.app.cli;

import java.util.function.Consumer;
import studio.mammoth.common.task.Progress;

/** Progress of a command-line task on stderr: one line per stage, the latest count rewritten in place on a terminal. */
final class StageLog implements Consumer<Progress> {
    private final boolean terminal = System.console() != null;
    private String stage;

    @Override
    public void accept(Progress p) {
        if (terminal) {
            System.err.print("\r[" + p.stage() + "] " + p.message() + "\u001b[K");
        } else if (!p.stage().equals(stage)) {
            System.err.println("[" + p.stage() + "] " + p.message());
        }
        stage = p.stage();
    }

    /** Ends the in-place line on a terminal. */
    void finish() {
        if (terminal) {
            System.err.println();
        }
    }
}
