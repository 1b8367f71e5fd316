package studio.mammoth.app.studio;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import studio.mammoth.app.jobs.Job;
import studio.mammoth.common.task.Progress;

/** Hands a job's outcome back to the view on the JavaFX thread, and shows its progress in a bar and a label. */
final class JobResults {
    private JobResults() {
    }

    /** {@code done} gets the result; {@code failed} a one-line reason ("cancelled" when the user stopped it). */
    static <R> void onFx(Job<R> job, Consumer<R> done, Consumer<String> failed) {
        job.completion().whenComplete((result, error) -> Platform.runLater(() -> {
            if (error == null) {
                done.accept(result);
            } else {
                failed.accept(reason(error));
            }
        }));
    }

    static String reason(Throwable error) {
        Throwable t = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (t instanceof CancellationException) {
            return "cancelled";
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Binds the bar and the label to the job's progress until it ends. */
    static void track(Job<?> job, ProgressBar bar, Label status) {
        bar.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
        status.setText(job.title() + ": queued");
        job.progressProperty().addListener((obs, old, p) -> show(p, bar, status));
    }

    private static void show(Progress p, ProgressBar bar, Label status) {
        if (p != null) {
            bar.setProgress(p.fraction());
            status.setText(p.stage() + (p.message() == null || p.message().isEmpty() ? "" : ": " + p.message()));
        }
    }
}
