package studio.mammoth.common.task;

/** Thrown inside a task when its {@link CancelToken} was set; the runner reports the job as cancelled, not failed. */
public final class CancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CancelledException() {
        super("cancelled", null, false, false);
    }
}
