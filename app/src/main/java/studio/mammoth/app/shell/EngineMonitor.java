package studio.mammoth.app.shell;

import java.util.concurrent.Callable;
import studio.mammoth.app.events.EngineStateChanged;
import studio.mammoth.app.events.EngineStateChanged.State;
import studio.mammoth.app.events.EventBus;
import studio.mammoth.app.jobs.Job;
import studio.mammoth.app.jobs.JobRunner;
import studio.mammoth.app.jobs.JobState;
import studio.mammoth.app.jobs.JobStateChanged;
import studio.mammoth.common.task.Task;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.model.engine.DjlEngine;

/**
 * Loads the DJL engine in the background at start-up (as a heavy job, so model jobs queued meanwhile wait for it)
 * and then follows the heavy slot: busy while a heavy job runs, ready otherwise. Publishes
 * {@link EngineStateChanged}; {@link #current()} answers pages that ask before the first event reaches them.
 */
public final class EngineMonitor {
    private final EventBus bus;
    private final JobRunner jobs;
    private final Callable<DjlEngine.Info> probe;
    private EngineStateChanged current = new EngineStateChanged(State.LOADING, DjlEngine.NAME);
    private String readyDetail = "";
    private Job<DjlEngine.Info> loadJob;

    public EngineMonitor(EventBus bus, JobRunner jobs, Callable<DjlEngine.Info> probe) {
        this.bus = bus;
        this.jobs = jobs;
        this.probe = probe;
        bus.subscribe(JobStateChanged.class, this::onJob);
    }

    /** Starts loading the engine; call once, on the JavaFX thread, after the window subscribed. */
    public void start() {
        publish(current);
        loadJob = jobs.submit(new Task<DjlEngine.Info>() {
            @Override
            public String title() {
                return "Load model engine";
            }

            @Override
            public DjlEngine.Info run(TaskContext context) throws Exception {
                context.report(-1, "loading", "loading the " + DjlEngine.NAME + " engine");
                return probe.call();
            }
        });
    }

    public EngineStateChanged current() {
        return current;
    }

    private void onJob(JobStateChanged event) {
        Job<?> job = event.job();
        if (job == loadJob) {
            onLoadJob(event.state());
        } else if (job.heavy() && (current.state() == State.READY || current.state() == State.BUSY)) {
            if (event.state() == JobState.RUNNING) {
                publish(new EngineStateChanged(State.BUSY, job.title()));
            } else if (event.state().isFinished() && jobs.runningHeavyProperty().get() == null) {
                publish(new EngineStateChanged(State.READY, readyDetail));
            }
        }
    }

    private void onLoadJob(JobState state) {
        if (state == JobState.SUCCEEDED) {
            DjlEngine.Info info = loadJob.completion().join();
            readyDetail = info.engine() + " " + info.version() + ", " + info.threads() + (info.threads() == 1 ? " thread" : " threads");
            publish(new EngineStateChanged(State.READY, readyDetail));
        } else if (state == JobState.FAILED) {
            Throwable error = loadJob.error().orElseThrow();
            String reason = error.getMessage() != null ? error.getMessage() : error.getClass().getSimpleName();
            publish(new EngineStateChanged(State.FAILED, reason + " — run ./mammoth doctor"));
        } else if (state == JobState.CANCELLED) {
            publish(new EngineStateChanged(State.FAILED, "loading was cancelled — restart the studio to load it"));
        }
    }

    private void publish(EngineStateChanged event) {
        current = event;
        bus.publish(event);
    }
}
