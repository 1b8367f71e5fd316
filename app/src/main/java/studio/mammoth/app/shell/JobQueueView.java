package studio.mammoth.app.shell;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import studio.mammoth.app.jobs.Job;
import studio.mammoth.app.jobs.JobRunner;
import studio.mammoth.app.jobs.JobState;
import studio.mammoth.common.task.Progress;

/**
 * The job queue as a list: each job's title, state, progress and message, with a cancel button while it is queued or
 * running; "Cancel all" and "Clear finished" above. Shown in a popover from the status bar (Ctrl+J).
 */
final class JobQueueView extends VBox {
    private final JobRunner runner;
    private final VBox rows = new VBox(2);

    JobQueueView(JobRunner runner) {
        this.runner = runner;
        setId("job-queue");
        getStyleClass().add("job-queue");
        setSpacing(8);
        setPadding(new Insets(12));
        setPrefWidth(460);

        Label title = new Label("Jobs");
        title.getStyleClass().add(Styles.TITLE_4);
        Button clear = new Button("Clear finished", new FontIcon(MaterialDesignD.DELETE_SWEEP));
        clear.setId("jobs-clear-finished");
        clear.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        clear.setOnAction(e -> runner.clearFinished());
        Button cancelAll = new Button("Cancel all", new FontIcon(MaterialDesignC.CLOSE_CIRCLE_OUTLINE));
        cancelAll.setId("jobs-cancel-all");
        cancelAll.getStyleClass().addAll(Styles.SMALL, Styles.DANGER, Styles.FLAT);
        cancelAll.setOnAction(e -> runner.cancelAll());
        HBox header = new HBox(6, title, new Spacer(), clear, cancelAll);
        header.setAlignment(Pos.CENTER_LEFT);

        ScrollPane scroll = new ScrollPane(rows);
        scroll.setFitToWidth(true);
        scroll.setMaxHeight(380);
        scroll.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        getChildren().addAll(header, scroll);

        runner.jobs().addListener((ListChangeListener<Job<?>>) c -> rebuild());
        rebuild();
    }

    private void rebuild() {
        rows.getChildren().clear();
        if (runner.jobs().isEmpty()) {
            Label none = new Label("No jobs. Work started in a workspace (generating, training, flashing) queues here.");
            none.setId("jobs-empty");
            none.setWrapText(true);
            none.getStyleClass().add(Styles.TEXT_MUTED);
            none.setPadding(new Insets(8, 4, 8, 4));
            rows.getChildren().add(none);
            return;
        }
        // Newest first: what the user just started is on top.
        for (int i = runner.jobs().size() - 1; i >= 0; i--) {
            rows.getChildren().add(row(runner.jobs().get(i)));
        }
    }

    private static Node row(Job<?> job) {
        FontIcon stateIcon = new FontIcon();
        stateIcon.iconCodeProperty().bind(Bindings.createObjectBinding(() -> icon(job.state()), job.stateProperty()));
        Label title = new Label(job.title());
        title.getStyleClass().add(Styles.TEXT_BOLD);
        Label kind = new Label(job.heavy() ? "heavy" : "light");
        kind.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        kind.setTooltip(new Tooltip(job.heavy()
                ? "Heavy jobs (model work, training, flashing) run one at a time, in order"
                : "Light jobs run alongside the heavy one"));

        Button cancel = new Button(null, new FontIcon(MaterialDesignC.CLOSE));
        cancel.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL, "job-cancel");
        cancel.setTooltip(new Tooltip("Cancel “" + job.title() + "”"));
        cancel.setOnAction(e -> job.cancel());
        cancel.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> !job.state().isFinished() && !job.cancelRequestedProperty().get(),
                job.stateProperty(), job.cancelRequestedProperty()));

        ProgressBar bar = new ProgressBar();
        bar.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(bar, Priority.ALWAYS);
        bar.progressProperty().bind(Bindings.createDoubleBinding(() -> barValue(job), job.progressProperty(), job.stateProperty()));
        Label percent = new Label();
        percent.getStyleClass().addAll("job-percent", Styles.TEXT_SMALL);
        percent.setMinWidth(36);
        percent.textProperty().bind(Bindings.createStringBinding(() -> percentText(job.progressProperty().get()), job.progressProperty()));

        Label state = new Label();
        state.getStyleClass().addAll("job-state", Styles.TEXT_SMALL);
        state.textProperty().bind(Bindings.createStringBinding(() -> stateText(job),
                job.stateProperty(), job.cancelRequestedProperty(), job.progressProperty(), job.errorProperty()));
        state.setWrapText(true);

        HBox top = new HBox(8, stateIcon, title, kind, new Spacer(), cancel);
        top.setAlignment(Pos.CENTER_LEFT);
        HBox progress = new HBox(8, bar, percent);
        progress.setAlignment(Pos.CENTER_LEFT);
        VBox row = new VBox(4, top, progress, state);
        row.setId("job-" + job.id());
        row.getStyleClass().add("job-row");
        row.setPadding(new Insets(8));
        return row;
    }

    private static double barValue(Job<?> job) {
        Progress p = job.progressProperty().get();
        if (p != null && p.fraction() >= 0) {
            return p.fraction();
        }
        // No fraction known: an empty bar for jobs that are waiting or over, the moving bar for a running one.
        return job.state() == JobState.RUNNING ? ProgressBar.INDETERMINATE_PROGRESS : 0;
    }

    static String percentText(Progress p) {
        return p == null || p.fraction() < 0 ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * p.fraction());
    }

    static String stateText(Job<?> job) {
        Progress p = job.progressProperty().get();
        String message = p == null || p.message() == null || p.message().isBlank() ? "" : " · " + p.message();
        return switch (job.state()) {
            case QUEUED -> job.cancelRequestedProperty().get() ? "cancelled" : "queued" + (job.heavy() ? " — waits for the heavy slot" : "");
            case RUNNING -> (job.cancelRequestedProperty().get() ? "cancelling…" : "running") + message;
            case SUCCEEDED -> "succeeded";
            case CANCELLED -> "cancelled" + message;
            case FAILED -> "failed: " + job.error().map(t -> t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName()).orElse("");
        };
    }

    private static Ikon icon(JobState state) {
        return switch (state) {
            case QUEUED -> MaterialDesignP.PROGRESS_CLOCK;
            case RUNNING -> MaterialDesignP.PLAY_CIRCLE_OUTLINE;
            case SUCCEEDED -> MaterialDesignC.CHECK_CIRCLE_OUTLINE;
            case FAILED -> MaterialDesignA.ALERT_CIRCLE_OUTLINE;
            case CANCELLED -> MaterialDesignM.MINUS_CIRCLE_OUTLINE;
        };
    }
}
