package studio.mammoth.app.jobs;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import studio.mammoth.common.task.CancelToken;
import studio.mammoth.common.task.Progress;
import studio.mammoth.common.task.Task;
import studio.mammoth.common.task.TaskContext;

/**
 * One {@link Task} handed to the {@link JobRunner}: its state, its latest progress and, at the end, its result.
 *
 * <p>The properties change on the JavaFX thread only, so views bind to them directly. The worker thread never
 * touches them: it stores the latest progress and schedules at most one pending update at a time, so a task
 * that reports a thousand times a second costs the UI one update per pulse, not a thousand queued runnables.
 *
 * @param <R> the task's result type
 */
public final class Job<R> {
    private final long id;
    private final Task<R> task;
    private final Executor fxThread;
    private final CancelToken cancelToken = new CancelToken();
    private final CompletableFuture<R> completion = new CompletableFuture<>();
    /** The worker's view of the state; the FX properties follow it. */
    private final AtomicReference<JobState> workerState = new AtomicReference<>(JobState.QUEUED);
    private final AtomicReference<Progress> latestProgress = new AtomicReference<>();
    private final AtomicBoolean progressUpdatePending = new AtomicBoolean();
    private final StateListener stateListener;
    private volatile Future<?> future;

    private final ReadOnlyObjectWrapper<JobState> state = new ReadOnlyObjectWrapper<>(this, "state", JobState.QUEUED);
    private final ReadOnlyObjectWrapper<Progress> progress = new ReadOnlyObjectWrapper<>(this, "progress");
    private final ReadOnlyBooleanWrapper cancelRequested = new ReadOnlyBooleanWrapper(this, "cancelRequested");
    private final ReadOnlyObjectWrapper<Throwable> error = new ReadOnlyObjectWrapper<>(this, "error");

    /** Called on the FX thread after the properties show the new state. */
    interface StateListener {
        void stateChanged(Job<?> job, JobState state);
    }

    Job(long id, Task<R> task, Executor fxThread, StateListener stateListener) {
        this.id = id;
        this.task = task;
        this.fxThread = fxThread;
        this.stateListener = stateListener;
    }

    public long id() {
        return id;
    }

    public String title() {
        return task.title();
    }

    public boolean heavy() {
        return task.heavy();
    }

    /** Completes with the result, or exceptionally with the failure or a {@link java.util.concurrent.CancellationException}. */
    public CompletableFuture<R> completion() {
        return completion;
    }

    public ReadOnlyObjectProperty<JobState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public JobState state() {
        return state.get();
    }

    /** The latest progress report (fraction, stage, message, optional preview), or null before the first one. */
    public ReadOnlyObjectProperty<Progress> progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty cancelRequestedProperty() {
        return cancelRequested.getReadOnlyProperty();
    }

    /** Why the job failed; null unless {@link JobState#FAILED}. */
    public ReadOnlyObjectProperty<Throwable> errorProperty() {
        return error.getReadOnlyProperty();
    }

    public Optional<Throwable> error() {
        return Optional.ofNullable(error.get());
    }

    /**
     * Asks the job to stop. A queued job is dropped at once; a running one is told through its cancel token and
     * ends as cancelled when the task next checks it. Cancelling a finished job does nothing.
     */
    public void cancel() {
        cancelToken.cancel();
        if (workerState.compareAndSet(JobState.QUEUED, JobState.CANCELLED)) {
            Future<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
            completion.cancel(false);
            onFx(() -> {
                cancelRequested.set(true);
                applyState(JobState.CANCELLED, null);
            });
        } else if (!workerState.get().isFinished()) {
            onFx(() -> cancelRequested.set(true));
        }
    }

    void scheduled(Future<?> f) {
        this.future = f;
    }

    /** Runs on a worker thread of the runner. */
    void runOnWorker() {
        if (!workerState.compareAndSet(JobState.QUEUED, JobState.RUNNING)) {
            return; // cancelled while it waited in the queue
        }
        onFx(() -> applyState(JobState.RUNNING, null));
        TaskContext context = new TaskContext(cancelToken, this::reportFromWorker);
        try {
            context.throwIfCancelled();
            R result = task.run(context);
            finish(JobState.SUCCEEDED, null);
            completion.complete(result);
        } catch (Throwable t) { // anything, so the job never stays "running" after its thread let go of it
            // Whatever a task throws once it was asked to stop (an interrupted wait, a closed stream) counts as the cancel.
            if (cancelToken.isCancelled()) {
                finish(JobState.CANCELLED, null);
                completion.cancel(false);
            } else {
                finish(JobState.FAILED, t);
                completion.completeExceptionally(t);
            }
        }
    }

    private void finish(JobState end, Throwable failure) {
        workerState.set(end);
        onFx(() -> {
            if (end == JobState.SUCCEEDED) {
                Progress last = progress.get();
                progress.set(Progress.of(1.0, last == null ? "done" : last.stage(), "done"));
            }
            applyState(end, failure);
        });
    }

    private void reportFromWorker(Progress p) {
        latestProgress.set(p);
        if (progressUpdatePending.compareAndSet(false, true)) {
            onFx(() -> {
                progressUpdatePending.set(false);
                Progress newest = latestProgress.get();
                if (!state.get().isFinished()) {
                    progress.set(newest);
                }
            });
        }
    }

    private void applyState(JobState next, Throwable failure) {
        if (state.get() == next) {
            return;
        }
        error.set(failure);
        state.set(next);
        stateListener.stateChanged(this, next);
    }

    private void onFx(Runnable r) {
        fxThread.execute(r);
    }

    @Override
    public String toString() {
        return "Job#" + id + " " + title() + " (" + workerState.get().label() + ")";
    }
}
