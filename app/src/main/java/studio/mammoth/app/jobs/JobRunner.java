package studio.mammoth.app.jobs;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import studio.mammoth.app.events.EventBus;
import studio.mammoth.common.task.Task;

/**
 * Runs every workspace's {@link Task}s off the JavaFX thread. Heavy tasks (model inference, training, flashing a
 * board) share one slot and run one after another in submission order; light tasks (reading a file, listing ports)
 * run alongside on a small pool of their own.
 *
 * <p>{@link #jobs()}, the jobs' properties and the {@link JobStateChanged} events all change on the thread behind
 * {@code fxThread} ({@code Platform::runLater} in the application), so the queue view binds to them directly.
 */
public final class JobRunner implements AutoCloseable {
    /** Finished jobs kept in the list for the user to read; older ones drop off so a long session stays small. */
    static final int FINISHED_KEPT = 20;
    private static final int LIGHT_THREADS = 2;

    private final EventBus bus;
    private final Executor fxThread;
    private final ExecutorService heavySlot = Executors.newSingleThreadExecutor(daemonThreads("mammoth-heavy-job"));
    private final ExecutorService lightPool = Executors.newFixedThreadPool(LIGHT_THREADS, daemonThreads("mammoth-light-job"));
    private final AtomicLong nextId = new AtomicLong(1);
    /** Jobs not yet finished, from any thread's point of view (the FX list may lag behind a submit). */
    private final Set<Job<?>> unfinished = ConcurrentHashMap.newKeySet();
    private final ObservableList<Job<?>> jobs = FXCollections.observableArrayList();
    private final ObservableList<Job<?>> readOnlyJobs = FXCollections.unmodifiableObservableList(jobs);
    private final ReadOnlyObjectWrapper<Job<?>> runningHeavy = new ReadOnlyObjectWrapper<>(this, "runningHeavy");

    public JobRunner(EventBus bus, Executor fxThread) {
        this.bus = Objects.requireNonNull(bus);
        this.fxThread = Objects.requireNonNull(fxThread);
    }

    /** Queues a task; safe from any thread. Watch the returned job's properties or its {@code completion()}. */
    public <R> Job<R> submit(Task<R> task) {
        Objects.requireNonNull(task, "task");
        Job<R> job = new Job<>(nextId.getAndIncrement(), task, fxThread, this::stateChanged);
        unfinished.add(job);
        fxThread.execute(() -> {
            jobs.add(job);
            bus.publish(new JobStateChanged(job, JobState.QUEUED));
        });
        job.scheduled((task.heavy() ? heavySlot : lightPool).submit(job::runOnWorker));
        return job;
    }

    /** Every job still in the list: queued, running and the most recent finished ones, oldest first (FX thread). */
    public ObservableList<Job<?>> jobs() {
        return readOnlyJobs;
    }

    /** The heavy job that holds the slot now, or null (FX thread). */
    public ReadOnlyObjectProperty<Job<?>> runningHeavyProperty() {
        return runningHeavy.getReadOnlyProperty();
    }

    /** Cancels every queued and running job. */
    public void cancelAll() {
        // queued jobs first: a running job that stops frees the heavy slot, which must not hand it to a job still queued
        List<Job<?>> all = List.copyOf(unfinished);
        all.stream().filter(j -> j.state() != JobState.RUNNING).forEach(Job::cancel);
        all.stream().filter(j -> j.state() == JobState.RUNNING).forEach(Job::cancel);
    }

    /** Removes the finished jobs from the list (FX thread). */
    public void clearFinished() {
        jobs.removeIf(j -> j.state().isFinished());
    }

    private void stateChanged(Job<?> job, JobState state) {
        if (job.heavy()) {
            if (state == JobState.RUNNING) {
                runningHeavy.set(job);
            } else if (runningHeavy.get() == job) {
                runningHeavy.set(null);
            }
        }
        if (state.isFinished()) {
            unfinished.remove(job);
            dropOldFinished();
        }
        bus.publish(new JobStateChanged(job, state));
    }

    private void dropOldFinished() {
        long finished = jobs.stream().filter(j -> j.state().isFinished()).count();
        for (int i = 0; i < jobs.size() && finished > FINISHED_KEPT; ) {
            if (jobs.get(i).state().isFinished()) {
                jobs.remove(i);
                finished--;
            } else {
                i++;
            }
        }
    }

    /** Cancels everything and waits briefly for the workers to stop (window closing). */
    @Override
    public void close() {
        cancelAll();
        heavySlot.shutdown();
        lightPool.shutdown();
        try {
            heavySlot.awaitTermination(2, TimeUnit.SECONDS);
            lightPool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
