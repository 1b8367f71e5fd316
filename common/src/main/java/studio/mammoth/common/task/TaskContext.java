package studio.mammoth.common.task;

import java.util.function.Consumer;

/** What a running task sees of its runner: where to report progress and whether to stop. */
public final class TaskContext {
    private final CancelToken cancel;
    private final Consumer<Progress> listener;

    public TaskContext(CancelToken cancel, Consumer<Progress> listener) {
        this.cancel = cancel;
        this.listener = listener;
    }

    /** A context that nobody watches and nobody cancels, for tests and batch callers. */
    public static TaskContext unobserved() {
        return new TaskContext(new CancelToken(), p -> { });
    }

    public void report(Progress progress) {
        listener.accept(progress);
    }

    public void report(double fraction, String stage, String message) {
        listener.accept(Progress.of(fraction, stage, message));
    }

    public void throwIfCancelled() {
        cancel.throwIfCancelled();
    }

    public CancelToken cancelToken() {
        return cancel;
    }
}
