package studio.mammoth.app.jobs;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Stands in for the JavaFX thread in runner tests: one thread, first in first out, like Platform.runLater, that can be
 * held still to check what piles up while the UI is busy.
 */
final class FakeFxThread implements Executor, AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fake-fx");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger executed = new AtomicInteger();

    @Override
    public void execute(Runnable command) {
        thread.execute(() -> {
            executed.incrementAndGet();
            command.run();
        });
    }

    int executed() {
        return executed.get();
    }

    /** Keeps the thread busy until the returned latch is counted down. */
    CountDownLatch hold() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        thread.execute(() -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        holding.await();
        return release;
    }

    /** Waits until everything queued so far has run. */
    void drain() throws Exception {
        thread.submit(() -> { }).get(10, TimeUnit.SECONDS);
    }

    /** Polls a condition (checked on the fake FX thread) for at most ten seconds. */
    void await(BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (thread.submit(condition::getAsBoolean).get(10, TimeUnit.SECONDS)) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("timed out waiting for: " + what);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
