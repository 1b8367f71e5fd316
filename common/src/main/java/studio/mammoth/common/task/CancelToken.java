package studio.mammoth.common.task;

/** Shared flag a job checks between its steps; set from any thread (a Cancel button, Esc, the CLI's Ctrl+C). */
public final class CancelToken {
    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Call between steps: a long step that never calls this cannot be cancelled promptly. */
    public void throwIfCancelled() {
        if (cancelled) {
            throw new CancelledException();
        }
    }
}
