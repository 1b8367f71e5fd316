package studio.mammoth.model.train;

import java.io.PrintStream;
import java.util.Locale;

/** One rewritten terminal line: bar over the time budget, step, steps/s, the losses, ETA. */
public final class ProgressBar {
    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private final long budgetNanos;
    private final long firstStep;

    public ProgressBar(PrintStream out, double minutes, long firstStep) {
        this.out = out;
        this.budgetNanos = (long) (minutes * 60e9);
        this.firstStep = firstStep;
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    public boolean timeUp() {
        return System.nanoTime() - startNanos >= budgetNanos;
    }

    /** The step this session reaches when its budget runs out, at its speed so far. */
    public long stepAtBudgetEnd(long step) {
        double remaining = Math.max(0, (budgetNanos - (System.nanoTime() - startNanos)) / 1e9);
        return step + Math.round(remaining * stepsPerSecond(step));
    }

    public double stepsPerSecond(long step) {
        return (step - firstStep) / Math.max(1e-9, elapsedSeconds());
    }

    public void show(long step, String losses) {
        double fraction = Math.min(1, (System.nanoTime() - startNanos) / (double) budgetNanos);
        int filled = (int) Math.round(fraction * 24);
        long eta = Math.max(0, Math.round((budgetNanos - (System.nanoTime() - startNanos)) / 1e9));
        out.printf(Locale.ROOT, "\r[%s%s] step %d  %.2f steps/s  %s  ETA %dm%02ds ", "#".repeat(filled), ".".repeat(24 - filled), step,
                stepsPerSecond(step), losses, eta / 60, eta % 60);
        out.flush();
    }

    /** A line that stays (evaluations, checkpoints). */
    public void log(String line) {
        out.printf(Locale.ROOT, "%n[%6.1f min] %s%n", elapsedSeconds() / 60, line);
        out.flush();
    }
}
