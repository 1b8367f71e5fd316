package studio.mammoth.app.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import studio.mammoth.app.events.EventBus;
import studio.mammoth.common.task.Task;
import studio.mammoth.common.task.TaskContext;

class JobRunnerTest {
    private final FakeFxThread fx = new FakeFxThread();
    private final EventBus bus = new EventBus();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final JobRunner runner = new JobRunner(bus, fx);

    JobRunnerTest() {
        bus.subscribe(JobStateChanged.class, e -> events.add(e.job().title() + ":" + e.state().label()));
    }

    @AfterEach
    void stop() {
        runner.close();
        fx.close();
    }

    @Test
    void twoHeavyJobsRunOneAfterTheOther() throws Exception {
        TestTasks.Stepper first = new TestTasks.Stepper("first", true, 1);
        TestTasks.Stepper second = new TestTasks.Stepper("second", true, 1);
        Job<Integer> a = runner.submit(first);
        Job<Integer> b = runner.submit(second);

        assertTrue(first.started.await(5, TimeUnit.SECONDS));
        fx.await(() -> a.state() == JobState.RUNNING, "first running");
        assertFalse(second.started.await(100, TimeUnit.MILLISECONDS), "the second heavy job must wait for the slot");
        fx.await(() -> b.state() == JobState.QUEUED && runner.runningHeavyProperty().get() == a, "second queued behind first");

        first.gate.countDown();
        assertTrue(second.started.await(5, TimeUnit.SECONDS));
        second.gate.countDown();
        assertEquals(1, b.completion().get(5, TimeUnit.SECONDS));
        fx.await(() -> b.state() == JobState.SUCCEEDED, "second succeeded");

        assertTrue(first.endedAt <= second.startedAt, "second started before first ended");
        // Whether "second:queued" is published before or after "first:running" depends on thread scheduling;
        // what the runner promises is each job's lifecycle and that the second runs only after the first ended.
        assertEquals(List.of("first:queued", "first:running", "first:succeeded"), eventsOf("first"));
        assertEquals(List.of("second:queued", "second:running", "second:succeeded"), eventsOf("second"));
        assertTrue(events.indexOf("first:succeeded") < events.indexOf("second:running"), events.toString());
    }

    private List<String> eventsOf(String title) {
        synchronized (events) {
            return events.stream().filter(e -> e.startsWith(title + ":")).toList();
        }
    }

    @Test
    void aLightJobRunsAlongsideTheHeavyOne() throws Exception {
        TestTasks.Stepper heavy = new TestTasks.Stepper("heavy", true, 1);
        TestTasks.Stepper light = new TestTasks.Stepper("light", false, 1);
        runner.submit(heavy);
        Job<Integer> lightJob = runner.submit(light);
        assertTrue(heavy.started.await(5, TimeUnit.SECONDS));
        assertTrue(light.started.await(5, TimeUnit.SECONDS), "light job waited for the heavy slot");
        light.gate.countDown();
        assertEquals(1, lightJob.completion().get(5, TimeUnit.SECONDS));
        heavy.gate.countDown();
    }

    @Test
    void cancellingARunningJobStopsItAndReportsCancelled() throws Exception {
        TestTasks.Stepper task = new TestTasks.Stepper("long", true, 10);
        Job<Integer> job = runner.submit(task);
        assertTrue(task.started.await(5, TimeUnit.SECONDS));
        fx.await(() -> job.progressProperty().get() != null, "first progress");

        job.cancel();

        assertThrows(CancellationException.class, () -> job.completion().get(5, TimeUnit.SECONDS));
        fx.await(() -> job.state() == JobState.CANCELLED, "cancelled state");
        assertTrue(task.sawCancel, "the task saw its cancel token");
        assertTrue(job.cancelRequestedProperty().get());
        assertEquals("step 1/10", job.progressProperty().get().message(), "progress stops where the task stopped");
        assertTrue(events.contains("long:cancelled"));
    }

    @Test
    void aCancelledQueuedJobNeverRuns() throws Exception {
        TestTasks.Stepper first = new TestTasks.Stepper("first", true, 1);
        TestTasks.Stepper second = new TestTasks.Stepper("second", true, 1);
        runner.submit(first);
        Job<Integer> b = runner.submit(second);
        assertTrue(first.started.await(5, TimeUnit.SECONDS));

        b.cancel();
        fx.await(() -> b.state() == JobState.CANCELLED, "queued job cancelled at once");
        first.gate.countDown();
        TestTasks.Stepper third = new TestTasks.Stepper("third", true, 1);
        third.gate.countDown();
        assertEquals(1, runner.submit(third).completion().get(5, TimeUnit.SECONDS));
        assertEquals(1, second.started.getCount(), "the cancelled job ran after all");
    }

    @Test
    void cancelAllStopsRunningAndQueuedJobs() throws Exception {
        TestTasks.Stepper first = new TestTasks.Stepper("first", true, 5);
        TestTasks.Stepper second = new TestTasks.Stepper("second", true, 5);
        Job<Integer> a = runner.submit(first);
        Job<Integer> b = runner.submit(second);
        assertTrue(first.started.await(5, TimeUnit.SECONDS));
        runner.cancelAll();
        fx.await(() -> a.state() == JobState.CANCELLED && b.state() == JobState.CANCELLED, "both cancelled");
        assertEquals(1, second.started.getCount());
    }

    @Test
    void aThrowingTaskEndsFailedWithItsError() throws Exception {
        Job<Object> job = runner.submit(new Task<>() {
            @Override
            public String title() {
                return "broken";
            }

            @Override
            public Object run(TaskContext context) {
                throw new IllegalArgumentException("weights file is corrupt");
            }
        });
        ExecutionException e = assertThrows(ExecutionException.class, () -> job.completion().get(5, TimeUnit.SECONDS));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        fx.await(() -> job.state() == JobState.FAILED, "failed state");
        assertEquals("weights file is corrupt", job.error().orElseThrow().getMessage());
    }

    @Test
    void progressFloodReachesTheUiThreadAsOneUpdate() throws Exception {
        int reports = 10_000;
        CountDownLatch reported = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Job<Object> job = runner.submit(new Task<>() {
            @Override
            public String title() {
                return "chatty";
            }

            @Override
            public Object run(TaskContext context) throws Exception {
                for (int i = 1; i <= reports; i++) {
                    context.report((double) i / reports, "counting", i + "/" + reports);
                }
                reported.countDown();
                finish.await();
                return null;
            }
        });
        fx.await(() -> job.state() == JobState.RUNNING, "running");
        CountDownLatch release = fx.hold();
        int before = fx.executed();
        assertTrue(reported.await(10, TimeUnit.SECONDS));
        release.countDown();
        fx.drain();
        // While the UI thread was busy, ten thousand reports queued at most one update (plus the hold itself).
        assertTrue(fx.executed() - before <= 2, "queued UI updates: " + (fx.executed() - before));
        assertEquals(reports + "/" + reports, job.progressProperty().get().message(), "the newest report wins");
        finish.countDown();
    }

    @Test
    void onlyTheNewestFinishedJobsStayInTheList() throws Exception {
        List<Job<Integer>> jobs = new ArrayList<>();
        for (int i = 0; i < JobRunner.FINISHED_KEPT + 5; i++) {
            TestTasks.Stepper t = new TestTasks.Stepper("job " + i, false, 1);
            t.gate.countDown();
            jobs.add(runner.submit(t));
        }
        for (Job<Integer> j : jobs) {
            j.completion().get(5, TimeUnit.SECONDS);
        }
        fx.await(() -> jobs.stream().allMatch(j -> j.state() == JobState.SUCCEEDED), "all succeeded");
        fx.drain();
        assertEquals(JobRunner.FINISHED_KEPT, runner.jobs().size());
        fx.await(() -> runner.jobs().get(runner.jobs().size() - 1).state().isFinished(), "list settled");
        runner.clearFinished();
        assertEquals(0, runner.jobs().size());
    }
}
