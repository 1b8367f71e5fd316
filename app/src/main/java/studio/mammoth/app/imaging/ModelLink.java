package studio.mammoth.app.imaging;

import atlantafx.base.theme.Styles;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Label;
import studio.mammoth.app.jobs.Job;
import studio.mammoth.app.jobs.JobRunner;
import studio.mammoth.app.jobs.JobState;
import studio.mammoth.common.task.Task;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.model.api.ModelFiles;
import studio.mammoth.model.api.MammothModel;

/**
 * A workspace's link to the image model (Create's controls, Edit's brush, Ask's picture): whether the weights are
 * there, loading them as a heavy job, and whether the loaded checkpoint can do what the workspace needs.
 * {@link #model()} is set only when it can; {@link #message()} always says where things stand and, when something is
 * missing, which command provides it.
 */
public final class ModelLink {
    public enum State {
        /** No weights in the models folder. */
        MISSING,
        LOADING,
        /** Loaded, but the checkpoint cannot do this workspace's task (a text-to-image-only checkpoint). */
        UNABLE,
        FAILED,
        READY
    }

    private final JobRunner jobs;
    private final ImageModelSource source;
    private final Function<MammothModel, String> missingAbility;
    private final Function<MammothModel, String> weights;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.MISSING);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyObjectWrapper<MammothModel> model = new ReadOnlyObjectWrapper<>(this, "model");
    private Job<MammothModel> loading;

    /**
     * @param missingAbility what the loaded model lacks for this workspace, as a sentence naming the command that
     *                       trains it, or null when it can do the work
     * @param weights        the name of the weights this workspace's requests run ({@link MammothModel#id()} or
     *                       {@link MammothModel#taskId()}), shown once it is ready
     */
    public ModelLink(JobRunner jobs, ImageModelSource source, Function<MammothModel, String> missingAbility,
                     Function<MammothModel, String> weights) {
        this.jobs = jobs;
        this.source = source;
        this.missingAbility = missingAbility;
        this.weights = weights;
    }

    /**
     * The sentence of a workspace whose model has no task weights: what stays off meanwhile and the command that trains the
     * {@code weights} ("edit", "answer") weights.
     */
    public static String taskWeightsMissing(MammothModel model, String consequence, String weights) {
        return "The model " + model.id() + " has text-to-image weights only, so " + consequence + ". Train its " + weights
                + " weights with " + MammothModel.TRAIN_UNIFIED + ".";
    }

    /** Checks the weights again and starts loading them when they are there; on the JavaFX thread. */
    public void refresh() {
        if (model.get() != null || loading != null) {
            return;
        }
        if (!source.present()) {
            set(State.MISSING, "No image model yet in " + source.location() + " — train it with " + ModelFiles.TRAIN_TOKENIZER
                    + " and " + ModelFiles.TRAIN_GENERATOR + ". Everything else here works without it.");
            return;
        }
        set(State.LOADING, "Loading the image model from " + source.location() + " …");
        Job<MammothModel> job = jobs.submit(new Task<MammothModel>() {
            @Override
            public String title() {
                return "Load image model";
            }

            @Override
            public MammothModel run(TaskContext ctx) throws Exception {
                return source.load();
            }
        });
        loading = job;
        job.stateProperty().addListener((o, old, s) -> {
            if (!s.isFinished()) {
                return;
            }
            loading = null;
            if (s == JobState.SUCCEEDED) {
                MammothModel m = job.completion().join();
                String lacking = missingAbility.apply(m);
                if (lacking == null) {
                    set(State.READY, "Model " + weights.apply(m));
                    model.set(m);
                } else {
                    set(State.UNABLE, lacking);
                }
            } else if (s == JobState.FAILED) {
                set(State.FAILED, "Could not load the image model: " + job.error().map(Throwable::getMessage).orElse("unknown error"));
            } else {
                set(State.FAILED, "Loading the image model was cancelled; show this workspace again to retry.");
            }
        });
    }

    /** Shows {@link #message()} in the label, styled as a warning while the model is missing or cannot do the work. */
    public void show(Label label) {
        label.textProperty().bind(message);
        Runnable style = () -> {
            label.getStyleClass().removeAll(Styles.WARNING, Styles.TEXT_MUTED, Styles.DANGER);
            label.getStyleClass().add(switch (state.get()) {
                case READY, LOADING -> Styles.TEXT_MUTED;
                case MISSING, UNABLE -> Styles.WARNING;
                case FAILED -> Styles.DANGER;
            });
        };
        state.addListener((o, old, s) -> style.run());
        style.run();
    }

    private void set(State s, String text) {
        message.set(text);
        state.set(s);
    }

    /** The model, once loaded and able to do this workspace's task; else null. */
    public ReadOnlyObjectProperty<MammothModel> model() {
        return model.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<State> state() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty message() {
        return message.getReadOnlyProperty();
    }
}
