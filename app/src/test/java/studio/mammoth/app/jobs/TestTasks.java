package studio.mammoth.app.jobs;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import studio.mammoth.common.task.Task;
import studio.mammoth.common.task.TaskContext;

/** Small tasks for runner tests. */
final class TestTasks {
    private TestTasks() {
    }

    /** Reports "step i/steps" and waits for the gate between steps, checking the cancel token as a real task does. */
    static final class Stepper implements Task<Integer> {
        final String title;
        final boolean heavy;
        final int steps;
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);
        volatile boolean sawCancel;
        volatile long startedAt;
        volatile long endedAt;

        Stepper(String title, boolean heavy, int steps) {
            this.title = title;
            this.heavy = heavy;
            this.steps = steps;
        }

        @Override
        public String title() {
            return title;
        }

        @Override
        public boolean heavy() {
            return heavy;
        }

        @Override
        public Integer run(TaskContext context) throws Exception {
            startedAt = System.nanoTime();
            started.countDown();
            try {
                for (int i = 1; i <= steps; i++) {
                    context.report((double) i / steps, "stepping", "step " + i + "/" + steps);
                    while (!gate.await(2, TimeUnit.MILLISECONDS)) {
                        if (context.cancelToken().isCancelled()) {
                            sawCancel = true;
                        }
                        context.throwIfCancelled();
                    }
                }
                return steps;
            } finally {
                endedAt = System.nanoTime();
            }
        }
    }
}
