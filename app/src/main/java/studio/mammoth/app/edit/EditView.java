package studio.mammoth.app.edit;

import atlantafx.base.theme.Styles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignB;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import studio.mammoth.app.events.ImageHandOff;
import studio.mammoth.app.events.ShowWorkspace;
import studio.mammoth.app.imaging.ModelLink;
import studio.mammoth.app.imaging.PictureDialogs;
import studio.mammoth.app.imaging.PictureFiles;
import studio.mammoth.app.jobs.Job;
import studio.mammoth.app.jobs.JobState;
import studio.mammoth.app.shell.PageContext;
import studio.mammoth.app.shell.Spinners;
import studio.mammoth.app.undo.CommandHistory;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.common.task.Progress;
import studio.mammoth.common.task.Task;
import studio.mammoth.model.api.EditRequest;
import studio.mammoth.model.api.GenerateRequest;
import studio.mammoth.model.api.MammothModel;
import studio.mammoth.model.world.PixelMask;

/**
 * The Edit controls: the canvas with brush, eraser and mask tools; the instruction with seed, steps and the two
 * guidance scales; Apply runs the edit as a job (its previews appear on the right of the split) and stages the result
 * for Accept or Discard. Painting, opening and saving work without a model; Apply waits for one that can edit.
 */
final class EditView extends BorderPane {
    static final String ASK_WORKSPACE = "ask";
    private static final int MAX_SEED = Integer.MAX_VALUE;

    private final PageContext context;
    private final ModelLink link;
    private final EditDocument document = new EditDocument();
    private final CommandHistory history = new CommandHistory();
    private final EditCanvas canvas = new EditCanvas(document, history::execute);
    private final Random dice = new Random();

    private final ToggleButton brush = new ToggleButton("Brush", new FontIcon(MaterialDesignB.BRUSH));
    private final ToggleButton eraser = new ToggleButton("Eraser", new FontIcon(MaterialDesignE.ERASER));
    private final Slider brushSize = new Slider(1, 16, 4);
    private final Slider feather = new Slider(0, 1, 0.5);
    private final Slider overlay = new Slider(0, 1, 0.55);
    private final Slider zoom = new Slider(EditCanvas.MIN_ZOOM, EditCanvas.MAX_ZOOM, 7);
    private final Button clear = new Button("Clear", new FontIcon(MaterialDesignE.ERASER_VARIANT));
    private final Button invert = new Button("Invert", new FontIcon(MaterialDesignI.INVERT_COLORS));
    private final Label maskStatus = new Label();
    private final TextField instruction = new TextField();
    private final Spinner<Integer> seed = new Spinner<>(0, MAX_SEED, 7);
    private final Spinner<Integer> steps = new Spinner<>(1, GenerateRequest.MAX_STEPS, EditRequest.DEFAULT_STEPS);
    private final Spinner<Double> textGuidance = new Spinner<>(0.0, 30.0, EditRequest.DEFAULT_TEXT_GUIDANCE, 0.5);
    private final Spinner<Double> imageGuidance = new Spinner<>(0.0, 30.0, EditRequest.DEFAULT_IMAGE_GUIDANCE, 0.5);
    private final Button apply = new Button("Apply", new FontIcon(MaterialDesignS.SEND));
    private final Button cancel = new Button("Cancel", new FontIcon(MaterialDesignC.CLOSE_CIRCLE_OUTLINE));
    private final ProgressBar progress = new ProgressBar(0);
    private final Label stage = new Label();
    private final Label modelStatus = new Label();
    private final Button open = new Button("Open…", new FontIcon(MaterialDesignF.FOLDER_OPEN_OUTLINE));
    private final Button save = new Button("Save…", new FontIcon(MaterialDesignC.CONTENT_SAVE_OUTLINE));
    private final Button askAbout = new Button("Ask about it", new FontIcon(MaterialDesignM.MESSAGE_QUESTION_OUTLINE));
    private final Button accept = new Button("Accept", new FontIcon(MaterialDesignC.CHECK));
    private final Button discard = new Button("Discard", new FontIcon(MaterialDesignD.DELETE_OUTLINE));
    private final Slider split = new Slider(0, 1, 0.5);
    private final Label stagedCaption = new Label();

    private final ObjectProperty<Job<RgbImage>> running = new SimpleObjectProperty<>(this, "running");
    /** The picture and instruction the staged (or running) edit started from. */
    private RgbImage editSource;
    private String editInstruction;

    EditView(PageContext context, ModelLink link) {
        this.context = context;
        this.link = link;
        setId("edit-view");
        setLeft(controls());
        setCenter(canvasArea());
        setPadding(new Insets(16));
        PictureDialogs.acceptDrops(this, this::open);
        document.maskRevision().addListener((o, old, r) -> showMaskStatus());
        document.picture().addListener((o, old, now) -> pictureChanged(now));
        showMaskStatus();
        stage.setText("Open a picture or send one from Create, paint where to change it, say what to change, then Apply.");
    }

    // ---- layout ----

    private ScrollPane controls() {
        ToggleGroup tools = new ToggleGroup();
        brush.setToggleGroup(tools);
        eraser.setToggleGroup(tools);
        brush.setSelected(true);
        brush.setId("edit-brush");
        eraser.setId("edit-eraser");
        brush.setTooltip(new Tooltip("Brush (B): paint where the edit may change the picture"));
        eraser.setTooltip(new Tooltip("Eraser (E): take paint away"));
        tools.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                was.setSelected(true); // one tool is always chosen
            } else {
                canvas.tool().set(now == eraser ? EditCanvas.Tool.ERASER : EditCanvas.Tool.BRUSH);
            }
        });
        brush.getStyleClass().add(Styles.LEFT_PILL);
        eraser.getStyleClass().add(Styles.RIGHT_PILL);
        HBox toolRow = new HBox(brush, eraser);

        brushSize.setId("edit-brush-size");
        feather.setId("edit-feather");
        overlay.setId("edit-overlay");
        canvas.brushSize().bind(brushSize.valueProperty());
        canvas.feather().bind(feather.valueProperty());
        canvas.overlayOpacity().bind(overlay.valueProperty());
        brushSize.setTooltip(new Tooltip("Brush radius in picture pixels"));
        feather.setTooltip(new Tooltip("Soft edge: 0 is a hard edge, 1 fades from the centre. The model gets every pixel painted at least half."));
        overlay.setTooltip(new Tooltip("How strongly the painted mask shows over the picture"));

        clear.setId("edit-clear");
        invert.setId("edit-invert");
        clear.setOnAction(e -> history.execute(document.clearMask()));
        invert.setOnAction(e -> history.execute(document.invertMask()));
        HBox maskButtons = new HBox(8, clear, invert);
        maskStatus.setId("edit-mask-status");
        maskStatus.setWrapText(true);
        maskStatus.setMinHeight(Region.USE_PREF_SIZE);

        GridPane brushGrid = new GridPane();
        brushGrid.setHgap(10);
        brushGrid.setVgap(8);
        brushGrid.addRow(0, new Label("Size"), brushSize, valueLabel(brushSize, "%.0f px"));
        brushGrid.addRow(1, new Label("Feather"), feather, valueLabel(feather, "%.2f"));
        brushGrid.addRow(2, new Label("Overlay"), overlay, valueLabel(overlay, "%.0f%%", 100));
        for (Slider s : List.of(brushSize, feather, overlay)) {
            GridPane.setHgrow(s, Priority.ALWAYS);
        }

        instruction.setId("edit-instruction");
        instruction.setPromptText("make the bag green");
        instruction.setOnAction(e -> apply());
        seed.setId("edit-seed");
        steps.setId("edit-steps");
        textGuidance.setId("edit-text-guidance");
        imageGuidance.setId("edit-image-guidance");
        for (Spinner<?> s : List.of(seed, steps, textGuidance, imageGuidance)) {
            s.setEditable(true);
            s.setPrefWidth(120);
            Spinners.commitOnFocusLoss(s);
        }
        Button roll = new Button(null, new FontIcon(MaterialDesignD.DICE_5_OUTLINE));
        roll.getStyleClass().add(Styles.BUTTON_ICON);
        roll.setTooltip(new Tooltip("Roll a random seed"));
        roll.setOnAction(e -> seed.getValueFactory().setValue(dice.nextInt(MAX_SEED)));
        steps.setTooltip(new Tooltip("Denoising steps of the diffusion transformer"));
        textGuidance.setTooltip(new Tooltip("How strongly the result follows the instruction"));
        imageGuidance.setTooltip(new Tooltip("How strongly the result stays close to the source picture"));
        GridPane settings = new GridPane();
        settings.setHgap(10);
        settings.setVgap(8);
        HBox seedRow = new HBox(6, seed, roll);
        seedRow.setAlignment(Pos.CENTER_LEFT);
        settings.addRow(0, new Label("Seed"), seedRow);
        settings.addRow(1, new Label("Steps"), steps);
        settings.addRow(2, new Label("Text guidance"), textGuidance);
        settings.addRow(3, new Label("Image guidance"), imageGuidance);

        apply.setId("edit-apply");
        apply.getStyleClass().add(Styles.ACCENT);
        apply.setMaxWidth(Double.MAX_VALUE);
        apply.setTooltip(new Tooltip("Apply the instruction (Ctrl+Enter)"));
        apply.setOnAction(e -> apply());
        cancel.setId("edit-cancel");
        cancel.setTooltip(new Tooltip("Cancel (Esc)"));
        cancel.setOnAction(e -> cancel());
        HBox.setHgrow(apply, Priority.ALWAYS);
        HBox buttons = new HBox(8, apply, cancel);
        apply.disableProperty().bind(link.model().isNull().or(running.isNotNull()).or(canvas.staged().isNotNull())
                .or(document.picture().isNull()));
        cancel.disableProperty().bind(running.isNull());

        progress.setId("edit-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.visibleProperty().bind(running.isNotNull());
        progress.managedProperty().bind(progress.visibleProperty());
        stage.setId("edit-stage");
        stage.setWrapText(true);
        stage.setMinHeight(Region.USE_PREF_SIZE);
        stage.getStyleClass().add(Styles.TEXT_MUTED);
        modelStatus.setId("edit-model-status");
        modelStatus.setWrapText(true);
        modelStatus.setMinHeight(Region.USE_PREF_SIZE);
        link.show(modelStatus);

        VBox box = new VBox(10,
                section("Mask"), toolRow, brushGrid, maskButtons, maskStatus,
                new Separator(),
                section("Instruction"), instruction, settings, buttons, progress, stage);
        box.setPadding(new Insets(0, 16, 0, 0));
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setPrefWidth(360);
        scroll.setMinWidth(320);
        scroll.getStyleClass().add(atlantafx.base.theme.Tweaks.EDGE_TO_EDGE);
        return scroll;
    }

    private VBox canvasArea() {
        open.setId("edit-open");
        save.setId("edit-save");
        askAbout.setId("edit-ask-about");
        open.setOnAction(e -> PictureDialogs.choosePicture(this).ifPresent(this::open));
        save.setOnAction(e -> chooseAndSave());
        askAbout.setOnAction(e -> handOffToAsk());
        save.disableProperty().bind(document.picture().isNull());
        askAbout.disableProperty().bind(document.picture().isNull());
        zoom.setId("edit-zoom");
        zoom.setMajorTickUnit(1);
        zoom.setMinorTickCount(0);
        zoom.setSnapToTicks(true);
        zoom.setPrefWidth(140);
        zoom.valueProperty().addListener((o, old, v) -> canvas.zoom().set((int) Math.round(v.doubleValue())));
        canvas.zoom().addListener((o, old, z) -> zoom.setValue(z.intValue()));
        zoom.setTooltip(new Tooltip("Zoom (Ctrl + mouse wheel over the picture)"));
        Label zoomLabel = new Label();
        zoomLabel.textProperty().bind(Bindings.format("%d×", canvas.zoom()));
        zoomLabel.setMinWidth(32);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox top = new HBox(8, open, save, askAbout, gap, new FontIcon(MaterialDesignM.MAGNIFY), zoom, zoomLabel);
        top.setAlignment(Pos.CENTER_LEFT);

        StackPane centred = new StackPane(canvas);
        centred.setPadding(new Insets(8));
        ScrollPane scroll = new ScrollPane(centred);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        scroll.getStyleClass().add(atlantafx.base.theme.Tweaks.EDGE_TO_EDGE);
        VBox.setVgrow(scroll, Priority.ALWAYS);

        split.setId("edit-split");
        split.setPrefWidth(220);
        split.valueProperty().bindBidirectional(canvas.split());
        split.setTooltip(new Tooltip("Before | after: drag here or on the picture"));
        accept.setId("edit-accept");
        accept.getStyleClass().add(Styles.SUCCESS);
        discard.setId("edit-discard");
        accept.setOnAction(e -> accept());
        discard.setOnAction(e -> discard());
        accept.disableProperty().bind(running.isNotNull());
        discard.disableProperty().bind(running.isNotNull());
        stagedCaption.setId("edit-staged-caption");
        stagedCaption.getStyleClass().add(Styles.TEXT_BOLD);
        Region gap2 = new Region();
        HBox.setHgrow(gap2, Priority.ALWAYS);
        Label before = new Label("Before");
        Label after = new Label("After");
        // in a narrow window the caption shortens (ellipsis) and the slider narrows; the words and buttons keep their width
        for (Region keep : new Region[] {before, after, accept, discard}) {
            keep.setMinWidth(Region.USE_PREF_SIZE);
        }
        stagedCaption.setMinWidth(0);
        split.setMinWidth(80);
        HBox staging = new HBox(10, stagedCaption, gap2, before, split, after, accept, discard);
        staging.setId("edit-staging");
        staging.setAlignment(Pos.CENTER_LEFT);
        staging.getStyleClass().add("edit-staging");
        staging.setPadding(new Insets(8, 12, 8, 12));
        staging.visibleProperty().bind(canvas.staged().isNotNull());
        staging.managedProperty().bind(staging.visibleProperty());
        modelStatus.setMaxWidth(Double.MAX_VALUE);
        modelStatus.getStyleClass().add("model-banner");
        modelStatus.visibleProperty().bind(link.state().isNotEqualTo(ModelLink.State.READY));
        modelStatus.managedProperty().bind(modelStatus.visibleProperty());
        return new VBox(8, top, modelStatus, scroll, staging);
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_BOLD);
        return l;
    }

    private static Label valueLabel(Slider slider, String format) {
        return valueLabel(slider, format, 1);
    }

    private static Label valueLabel(Slider slider, String format, double factor) {
        Label l = new Label();
        l.setMinWidth(44);
        l.textProperty().bind(Bindings.createStringBinding(
                () -> String.format(Locale.ROOT, format, slider.getValue() * factor), slider.valueProperty()));
        return l;
    }

    private void showMaskStatus() {
        int painted = document.mask().toPixelMask().count();
        int all = BrushMask.SIDE * BrushMask.SIDE;
        maskStatus.getStyleClass().remove(Styles.ACCENT);
        if (painted == 0) {
            maskStatus.setText("No mask painted: the model decides where to edit. Paint to limit the edit to a region.");
            maskStatus.getStyleClass().add(Styles.ACCENT);
        } else {
            maskStatus.setText(String.format(Locale.ROOT, "Mask: %d of %d pixels (%.0f%%) may change; everything outside stays exactly as it is.",
                    painted, all, 100.0 * painted / all));
        }
    }

    // ---- tools (keys B and E) ----

    void useBrush() {
        brush.setSelected(true);
    }

    void useEraser() {
        eraser.setSelected(true);
    }

    // ---- pictures in and out ----

    /** A picture from a file: scaled to 64x64 with a notice when needed; a file that is not a picture is refused. */
    boolean open(Path file) {
        try {
            PictureFiles.Picture p = PictureFiles.readPicture(file);
            take(p.image());
            stage.setText("Opened " + file.getFileName() + p.notice().map(n -> ". " + capitalised(n) + ".").orElse("."));
            return true;
        } catch (PictureFiles.RefusedException e) {
            stage.setText("Cannot open it: " + e.getMessage() + ".");
            return false;
        }
    }

    /** A picture sent from another workspace. */
    void receive(ImageHandOff handOff) {
        take(handOff.image());
        stage.setText(handOff.prompt() != null
                ? "Received “" + handOff.prompt() + "” from Create. Paint where to change it and say what to change."
                : "Received a picture. Paint where to change it and say what to change.");
    }

    /** A new picture: its strokes and edits start a fresh history (the old ones no longer apply). */
    private void take(RgbImage image) {
        dropEdit();
        document.replace(image);
        history.clear();
    }

    private void chooseAndSave() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save picture");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG", "*.png"));
        chooser.setInitialFileName("mammoth-edit.png");
        File file = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (file != null) {
            save(file.toPath());
        }
    }

    /** Writes the current picture, accepted edits included. */
    boolean save(Path file) {
        RgbImage picture = document.picture().get();
        if (picture == null) {
            return false;
        }
        try {
            PictureFiles.writePng(picture, Map.of("Software", "Mammoth Studio"), file);
            stage.setText("Saved " + file);
            return true;
        } catch (IOException e) {
            stage.setText("Could not save " + file + ": " + e.getMessage());
            return false;
        }
    }

    private void handOffToAsk() {
        RgbImage picture = document.picture().get();
        if (picture != null) {
            context.events().publish(new ImageHandOff(ASK_WORKSPACE, picture, null, null));
            context.events().publish(new ShowWorkspace(ASK_WORKSPACE));
        }
    }

    // ---- apply / cancel / accept / discard ----

    /** Ctrl+Enter, Enter in the instruction and the button. Says why not when it cannot run. */
    void apply() {
        MammothModel model = link.model().get();
        RgbImage source = document.picture().get();
        if (running.get() != null || canvas.staged().get() != null) {
            return;
        }
        if (source == null) {
            stage.setText("Open a picture first.");
            return;
        }
        if (model == null) {
            stage.setText("The edit needs the model: " + link.message().get());
            return;
        }
        for (Spinner<?> s : List.of(seed, steps, textGuidance, imageGuidance)) {
            Spinners.commit(s);
        }
        String text = instruction.getText().trim();
        PixelMask painted = document.mask().toPixelMask();
        Task<RgbImage> task;
        try {
            EditRequest request = new EditRequest(source, text, painted.count() == 0 ? null : painted, seed.getValue(), steps.getValue(),
                    textGuidance.getValue(), imageGuidance.getValue());
            task = model.edit(request);
        } catch (IllegalArgumentException | IllegalStateException e) {
            stage.setText("Cannot edit: " + e.getMessage());
            return;
        }
        editSource = source;
        editInstruction = text;
        Job<RgbImage> job = context.jobs().submit(task);
        running.set(job);
        progress.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
        stage.setText("Queued: " + task.title());
        job.progressProperty().addListener((o, old, p) -> showProgress(job, p));
        job.stateProperty().addListener((o, old, s) -> finished(job, s));
    }

    /** Esc and the button. */
    void cancel() {
        Job<RgbImage> job = running.get();
        if (job != null) {
            job.cancel();
            stage.setText("Cancelling…");
        }
    }

    private void showProgress(Job<RgbImage> job, Progress p) {
        if (p == null || running.get() != job) {
            return;
        }
        progress.setProgress(p.fraction() < 0 ? ProgressBar.INDETERMINATE_PROGRESS : p.fraction());
        String count = p.message().startsWith(p.stage() + " ") ? p.message().substring(p.stage().length() + 1) : p.message();
        stage.setText(switch (p.stage()) {
            case "planning" -> "Planning the edited layout (AR model): code " + count;
            case "denoising" -> "Rendering (diffusion transformer): step " + count;
            default -> p.message();
        });
        if (p.preview() != null) {
            stagedCaption.setText("planning".equals(p.stage()) ? "Plan so far" : "Denoiser's estimate");
            canvas.staged().set(p.preview());
        }
    }

    private void finished(Job<RgbImage> job, JobState state) {
        if (running.get() != job) {
            return;
        }
        if (state == JobState.RUNNING) {
            stage.setText("Running: " + job.title());
            return;
        }
        if (!state.isFinished()) {
            return;
        }
        running.set(null);
        progress.setProgress(0);
        if (state == JobState.SUCCEEDED) {
            canvas.staged().set(job.completion().join());
            stagedCaption.setText("Result of “" + editInstruction + "”");
            stage.setText("Compare before and after, then Accept to keep the result (it becomes the picture the next edit starts from) or Discard.");
        } else {
            canvas.staged().set(null);
            stage.setText(state == JobState.CANCELLED ? "Cancelled."
                    : "The edit failed: " + job.error().map(Throwable::getMessage).orElse("unknown error"));
        }
    }

    /**
     * A result belongs to the picture it was made from: when undo or redo changes the picture while an edit runs or
     * waits for Accept, that edit is dropped rather than later replacing a picture it was not made from.
     */
    private void pictureChanged(RgbImage now) {
        if (now == editSource || (running.get() == null && canvas.staged().get() == null)) {
            return;
        }
        dropEdit();
        stage.setText("The picture changed, so the edit of “" + editInstruction + "” was dropped; Apply again to edit this picture.");
    }

    /** Cancels the running edit (its end is no longer reported) and forgets the staged result. */
    private void dropEdit() {
        Job<RgbImage> job = running.get();
        if (job != null) {
            running.set(null);
            job.cancel();
            progress.setProgress(0);
        }
        canvas.staged().set(null);
    }

    /** Keeps the staged result as one undoable step; the result is the source of the next edit. */
    void accept() {
        RgbImage result = canvas.staged().get();
        if (result == null || running.get() != null) {
            return;
        }
        canvas.staged().set(null);
        history.execute(document.new AcceptEdit(editInstruction, editSource, result));
        stage.setText("Accepted “" + editInstruction + "”. The next edit starts from this picture; undo takes it back.");
    }

    void discard() {
        if (running.get() == null && canvas.staged().get() != null) {
            canvas.staged().set(null);
            stage.setText("Discarded the result of “" + editInstruction + "”.");
        }
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    // ---- for the page and the tests ----

    CommandHistory history() {
        return history;
    }

    EditDocument document() {
        return document;
    }

    EditCanvas canvas() {
        return canvas;
    }

    ObjectProperty<Job<RgbImage>> runningProperty() {
        return running;
    }
}
