package studio.mammoth.app.jobs;

import java.util.Locale;

/** Life of a job: queued, then running, then exactly one of the three final states. */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** Lower-case word for the queue and the status bar ("running", "cancelled"). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
