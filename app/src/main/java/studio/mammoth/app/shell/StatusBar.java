package studio.mammoth.app.shell;

import atlantafx.base.controls.Popover;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;
import studio.mammoth.app.events.EngineStateChanged;
import studio.mammoth.app.events.EventBus;
import studio.mammoth.app.jobs.Job;
import studio.mammoth.app.jobs.JobRunner;
import studio.mammoth.app.jobs.JobState;
import studio.mammoth.app.jobs.JobStateChanged;
import studio.mammoth.common.task.Progress;

/** Bottom line of the window: engine state, memory in use, and the job queue (click or Ctrl+J for the list). */
final class StatusBar extends HBox {
    private final Label engine = new Label();
    private final MemoryMeter memory = new MemoryMeter();
    private final Button jobsButton = new Button();
    private final ProgressBar heavyProgress = new ProgressBar();
    private final JobRunner runner;
    private final Popover queuePopover;

    StatusBar(EventBus bus, JobRunner runner, EngineStateChanged initialEngine) {
        this.runner = runner;
        getStyleClass().add("status-bar");
        setAlignment(Pos.CENTER_LEFT);

        engine.setId("status-engine");
        showEngine(initialEngine);
        bus.subscribe(EngineStateChanged.class, this::showEngine);

        heavyProgress.setId("status-job-progress");
        heavyProgress.setPrefWidth(120);
        heavyProgress.getStyleClass().add(Styles.SMALL);
        heavyProgress.managedProperty().bind(heavyProgress.visibleProperty());
        heavyProgress.visibleProperty().bind(runner.runningHeavyProperty().isNotNull());
        runner.runningHeavyProperty().addListener((obs, old, job) -> rebindHeavyProgress(job));

        jobsButton.setId("status-jobs");
        jobsButton.setGraphic(new FontIcon(MaterialDesignF.FORMAT_LIST_CHECKS));
        jobsButton.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        jobsButton.setTooltip(new Tooltip("Job queue (Ctrl+J)"));
        queuePopover = new Popover(new JobQueueView(runner));
        queuePopover.setHeaderAlwaysVisible(false);
        queuePopover.setArrowLocation(Popover.ArrowLocation.BOTTOM_RIGHT);
        queuePopover.setDetachable(false);
        jobsButton.setOnAction(e -> toggleQueue());
        runner.jobs().addListener((ListChangeListener<Job<?>>) c -> updateJobsText());
        bus.subscribe(JobStateChanged.class, e -> updateJobsText());
        updateJobsText();

        getChildren().addAll(engine, new Spacer(), memory, heavyProgress, jobsButton);
        setSpacing(16);
    }

    void start() {
        memory.start();
    }

    void stop() {
        memory.stop();
        queuePopover.hide();
    }

    /** Opens the job list above the status bar, or closes it when open. */
    void toggleQueue() {
        if (queuePopover.isShowing()) {
            queuePopover.hide();
        } else {
            queuePopover.show(jobsButton);
        }
    }

    private void rebindHeavyProgress(Job<?> job) {
        heavyProgress.progressProperty().unbind();
        if (job == null) {
            return;
        }
        heavyProgress.progressProperty().bind(Bindings.createDoubleBinding(() -> {
            Progress p = job.progressProperty().get();
            return p == null || p.fraction() < 0 ? ProgressBar.INDETERMINATE_PROGRESS : p.fraction();
        }, job.progressProperty()));
    }

    private void showEngine(EngineStateChanged e) {
        engine.setText("engine: " + e.state().label() + " (" + e.detail() + ")");
        Ikon icon = switch (e.state()) {
            case LOADING -> MaterialDesignT.TIMER_SAND;
            case READY -> MaterialDesignC.CHECK_CIRCLE_OUTLINE;
            case BUSY -> MaterialDesignE.ENGINE;
            case FAILED -> MaterialDesignA.ALERT_CIRCLE_OUTLINE;
        };
        FontIcon graphic = new FontIcon(icon);
        graphic.getStyleClass().add("engine-" + e.state().label());
        engine.setGraphic(graphic);
        engine.setTooltip(new Tooltip(e.detail()));
    }

    private void updateJobsText() {
        long running = runner.jobs().stream().filter(j -> j.state() == JobState.RUNNING).count();
        long queued = runner.jobs().stream().filter(j -> j.state() == JobState.QUEUED).count();
        jobsButton.setText(running == 0 && queued == 0 ? "jobs: idle" : "jobs: " + running + " running · " + queued + " queued");
    }
}
