package studio.mammoth.app.jobs;

/** Published on the event bus (on the JavaFX thread) each time a job enters a new state. */
public record JobStateChanged(Job<?> job, JobState state) {
}
