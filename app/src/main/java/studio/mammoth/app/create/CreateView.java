package studio.mammoth.app.create;

import atlantafx.base.theme.Styles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.Border;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.BorderStroke;
import javafx.scene.layout.BorderStrokeStyle;
import javafx.scene.layout.BorderWidths;
import javafx.scene.layout.CornerRadii;
import javafx.scene.paint.Color;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import studio.mammoth.app.imaging.FxImages;
import studio.mammoth.app.imaging.ImageModelSource;
import studio.mammoth.app.imaging.ModelLink;
import studio.mammoth.app.events.ImageHandOff;
import studio.mammoth.app.events.ShowWorkspace;
import studio.mammoth.app.jobs.Job;
import studio.mammoth.app.jobs.JobState;
import studio.mammoth.app.shell.PageContext;
import studio.mammoth.app.shell.Spinners;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.common.task.Progress;
import studio.mammoth.common.task.Task;
import studio.mammoth.model.api.GenerateRequest;
import studio.mammoth.model.api.GeneratedImage;
import studio.mammoth.model.api.MammothModel;
import studio.mammoth.model.tok.TextTokenizer;
import studio.mammoth.model.world.Vocabulary;

/**
 * The Create controls: prompt with completion, seed (locked or rolled per run), steps, guidance, count; Generate and
 * Cancel through the shared job runner; the stage with its preview (the AR plan, then the denoiser's estimate),
 * the results of the run, and the gallery of everything made before. Built once the weights exist.
 */
final class CreateView extends BorderPane {
    static final String EDIT_WORKSPACE = "edit";
    static final String ASK_WORKSPACE = "ask";
    /** 64x64 renders shown at 320x320; thumbnails at 128x128. */
    private static final int PREVIEW_SCALE = 5;
    private static final int THUMB_SCALE = 2;
    private static final int MAX_SEED = Integer.MAX_VALUE;
    private static final String GALLERY_EMPTY = "Pictures you make appear here and stay after a restart. Drop a PNG made by Mammoth Studio anywhere here to reuse its settings.";

    private final PageContext context;
    private final ModelLink link;
    private final Gallery gallery;
    private final Random dice = new Random();

    private final PromptField prompt;
    private final Spinner<Integer> seed = new Spinner<>(0, MAX_SEED, 7);
    private final ToggleButton lockSeed = new ToggleButton(null, new FontIcon(MaterialDesignL.LOCK_OPEN_VARIANT_OUTLINE));
    private final Button rollSeed = new Button(null, new FontIcon(MaterialDesignD.DICE_5_OUTLINE));
    private final Spinner<Integer> steps = new Spinner<>(1, GenerateRequest.MAX_STEPS, GenerationSettings.DEFAULT_STEPS);
    private final Spinner<Double> guidance = new Spinner<>(0.0, 30.0, GenerationSettings.DEFAULT_GUIDANCE, 0.5);
    private final Spinner<Integer> count = new Spinner<>(1, GenerateRequest.MAX_COUNT, 1);
    private final Button generate = new Button("Generate", new FontIcon(MaterialDesignI.IMAGE_PLUS));
    private final Button cancel = new Button("Cancel", new FontIcon(MaterialDesignC.CLOSE_CIRCLE_OUTLINE));
    private final Label stage = new Label();
    private final ProgressBar progress = new ProgressBar(0);
    private final ImageView preview = new ImageView();
    private final Label previewCaption = new Label();
    private final FlowPane results = new FlowPane(8, 8);
    private final FlowPane galleryTiles = new FlowPane(8, 8);
    private final Label galleryEmpty = new Label(GALLERY_EMPTY);
    private final TextField gallerySearch = new TextField();
    private final Label galleryCount = new Label();
    /** A tile for every picture of the gallery as last read, newest first; those matching the search are shown. */
    private List<Button> galleryAll = List.of();
    private final Button export = new Button("Export…", new FontIcon(MaterialDesignC.CONTENT_SAVE_OUTLINE));
    private final Button openInEdit = new Button("Open in Edit", new FontIcon(MaterialDesignP.PENCIL_OUTLINE));
    private final Button askAbout = new Button("Ask about it", new FontIcon(MaterialDesignM.MESSAGE_QUESTION_OUTLINE));

    private final ObjectProperty<MammothModel> model = new SimpleObjectProperty<>(this, "model");
    private final ObjectProperty<Job<?>> running = new SimpleObjectProperty<>(this, "running");
    /** The picture the export and hand-off buttons act on: the last result or a clicked gallery entry. */
    private final ObjectProperty<Gallery.Entry> selected = new SimpleObjectProperty<>(this, "selected");

    CreateView(PageContext context, ImageModelSource source, Gallery gallery) {
        this.context = context;
        this.link = new ModelLink(context.jobs(), source, m -> null, MammothModel::id);
        this.gallery = gallery;
        setId("create-view");
        TextTokenizer worldWords = new TextTokenizer(Vocabulary.words(), Integer.MAX_VALUE);
        prompt = new PromptField(worldWords.vocabulary(), text -> problemOf(worldWords, text));
        setLeft(controls());
        VBox galleryArea = galleryArea();
        VBox.setVgrow(galleryArea, Priority.ALWAYS);
        setCenter(new VBox(stageArea(), galleryArea));
        setPadding(new Insets(16));
        setOnDragOver(this::dragOver);
        setOnDragDropped(this::dropped);
        reloadGallery();
        followModel();
    }

    // ---- layout ----

    private VBox controls() {
        seed.setId("create-seed");
        seed.setEditable(true);
        seed.setPrefWidth(130);
        lockSeed.setId("create-seed-lock");
        lockSeed.setTooltip(new Tooltip("Lock the seed: the same settings give the same pictures. Unlocked, every run rolls a new seed."));
        lockSeed.selectedProperty().addListener((o, was, locked) ->
                lockSeed.setGraphic(new FontIcon(locked ? MaterialDesignL.LOCK_OUTLINE : MaterialDesignL.LOCK_OPEN_VARIANT_OUTLINE)));
        rollSeed.setId("create-seed-roll");
        rollSeed.setTooltip(new Tooltip("Roll a random seed"));
        rollSeed.setOnAction(e -> rollSeed());
        rollSeed.getStyleClass().add(Styles.BUTTON_ICON);
        lockSeed.getStyleClass().add(Styles.BUTTON_ICON);
        HBox seedRow = new HBox(6, seed, rollSeed, lockSeed);
        seedRow.setAlignment(Pos.CENTER_LEFT);
        steps.setId("create-steps");
        guidance.setId("create-guidance");
        count.setId("create-count");
        for (Spinner<?> s : List.of(steps, guidance, count)) {
            s.setEditable(true);
            s.setPrefWidth(130);
            Spinners.commitOnFocusLoss(s);
        }
        Spinners.commitOnFocusLoss(seed);

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(10);
        grid.addRow(0, caption("Seed"), seedRow);
        grid.addRow(1, caption("Steps"), steps);
        grid.addRow(2, caption("Guidance"), guidance);
        grid.addRow(3, caption("Count"), count);
        steps.setTooltip(new Tooltip("Denoising steps of the diffusion transformer: more is slower and smoother"));
        guidance.setTooltip(new Tooltip("Classifier-free guidance: how strongly the picture follows the prompt (1 = none)"));
        count.setTooltip(new Tooltip("Pictures per run; picture i uses seed + i"));

        generate.setId("create-generate");
        generate.getStyleClass().add(Styles.ACCENT);
        generate.setDefaultButton(false);
        generate.setMaxWidth(Double.MAX_VALUE);
        generate.setTooltip(new Tooltip("Generate (Ctrl+Enter)"));
        generate.setOnAction(e -> generate());
        cancel.setId("create-cancel");
        cancel.setTooltip(new Tooltip("Cancel (Esc)"));
        cancel.setOnAction(e -> cancel());
        HBox.setHgrow(generate, Priority.ALWAYS);
        HBox buttons = new HBox(8, generate, cancel);
        generate.disableProperty().bind(model.isNull().or(running.isNotNull()));
        cancel.disableProperty().bind(running.isNull());

        stage.setId("create-stage");
        stage.setWrapText(true);
        stage.getStyleClass().add(Styles.TEXT_MUTED);
        progress.setId("create-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.visibleProperty().bind(running.isNotNull());
        progress.managedProperty().bind(progress.visibleProperty());

        VBox box = new VBox(12, caption("Prompt"), prompt, grid, buttons, progress, stage);
        box.setPrefWidth(380);
        box.setMinWidth(320);
        box.setPadding(new Insets(0, 20, 0, 0));
        return box;
    }

    private VBox stageArea() {
        preview.setId("create-preview");
        preview.setFitWidth(64 * PREVIEW_SCALE);
        preview.setFitHeight(64 * PREVIEW_SCALE);
        preview.setPreserveRatio(true);
        preview.setSmooth(false);
        StackPane frame = new StackPane(preview);
        frame.getStyleClass().add("create-preview-frame");
        frame.setMinSize(64 * PREVIEW_SCALE + 8, 64 * PREVIEW_SCALE + 8);
        frame.setMaxSize(64 * PREVIEW_SCALE + 8, 64 * PREVIEW_SCALE + 8);
        frame.setBorder(new Border(new BorderStroke(Color.gray(0.5, 0.4), BorderStrokeStyle.SOLID, new CornerRadii(6), BorderWidths.DEFAULT)));
        previewCaption.setId("create-preview-caption");
        previewCaption.getStyleClass().add(Styles.TEXT_MUTED);
        previewCaption.setWrapText(true);
        previewCaption.setMinHeight(Region.USE_PREF_SIZE);
        previewCaption.setText("While it generates, the plan of the AR model and then the denoiser's picture appear here.");

        export.setId("create-export");
        export.setOnAction(e -> export());
        openInEdit.setId("create-open-in-edit");
        openInEdit.setOnAction(e -> handOff(EDIT_WORKSPACE));
        askAbout.setId("create-ask-about");
        askAbout.setOnAction(e -> handOff(ASK_WORKSPACE));
        for (Button b : List.of(export, openInEdit, askAbout)) {
            b.disableProperty().bind(selected.isNull());
        }
        for (Button b : List.of(export, openInEdit, askAbout)) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox actions = new HBox(8, export, openInEdit, askAbout);
        previewCaption.setMaxWidth(64 * PREVIEW_SCALE + 8);
        VBox picture = new VBox(8, frame, previewCaption, actions);
        results.setId("create-results");
        VBox run = new VBox(8, caption("This run"), results);
        HBox.setHgrow(run, Priority.ALWAYS);
        return new VBox(new HBox(20, picture, run));
    }

    private VBox galleryArea() {
        galleryTiles.setId("create-gallery");
        galleryEmpty.setId("create-gallery-empty");
        galleryEmpty.getStyleClass().add(Styles.TEXT_MUTED);
        galleryEmpty.setWrapText(true);
        ScrollPane scroll = new ScrollPane(new VBox(6, galleryEmpty, galleryTiles));
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(2 * (64 * THUMB_SCALE + 12));
        Label title = caption("Gallery");
        Label where = new Label(gallery.directory().toString());
        where.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        gallerySearch.setId("create-gallery-search");
        gallerySearch.setPromptText("Search prompts");
        gallerySearch.setPrefColumnCount(18);
        gallerySearch.setMaxWidth(Region.USE_PREF_SIZE);
        gallerySearch.textProperty().addListener((o, old, now) -> showGallery());
        galleryCount.setId("create-gallery-count");
        galleryCount.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox head = new HBox(10, title, where, gap, galleryCount, gallerySearch);
        head.setAlignment(Pos.CENTER_LEFT);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        VBox box = new VBox(6, head, scroll);
        box.setPadding(new Insets(16, 0, 0, 0));
        return box;
    }

    private static Label caption(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_BOLD);
        return l;
    }

    // ---- model ----

    /** Loads the model as a heavy job the first time the controls are shown. */
    void ensureModel() {
        link.refresh();
    }

    /** The link's state in the stage line while there is no model; once loaded, prompt completion and Generate. */
    private void followModel() {
        link.message().addListener((o, old, text) -> {
            if (model.get() == null) {
                stage.setText(text);
            }
        });
        link.model().addListener((o, old, m) -> {
            TextTokenizer text = m.generator().text();
            prompt.use(text.vocabulary(), p -> problemOf(text, p));
            model.set(m);
            stage.setText("Ready: " + m.id());
        });
    }

    /** The tokenizer's refusal (unknown word with the closest known one, empty, too long) as a message. */
    private static Optional<String> problemOf(TextTokenizer text, String prompt) {
        try {
            text.encode(prompt);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(capitalised(e.getMessage()));
        }
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    // ---- generate / cancel ----

    private void rollSeed() {
        seed.getValueFactory().setValue(dice.nextInt(MAX_SEED));
    }

    GenerationSettings settings() {
        for (Spinner<?> s : List.of(seed, steps, guidance, count)) {
            Spinners.commit(s);
        }
        return new GenerationSettings(prompt.text().trim(), seed.getValue(), steps.getValue(), guidance.getValue(), count.getValue());
    }

    void restore(GenerationSettings s) {
        prompt.setText(s.prompt());
        seed.getValueFactory().setValue((int) Math.min(MAX_SEED, Math.max(0, s.seed())));
        lockSeed.setSelected(true); // restoring means "make this again"
        steps.getValueFactory().setValue(Math.min(GenerateRequest.MAX_STEPS, Math.max(1, s.steps())));
        guidance.getValueFactory().setValue(s.guidance());
        count.getValueFactory().setValue(Math.max(1, s.count()));
        prompt.validate();
    }

    /** Ctrl+Enter and the button. Refuses with the reason under the prompt when the prompt is not usable. */
    void generate() {
        MammothModel m = model.get();
        if (m == null || running.get() != null) {
            return;
        }
        if (prompt.validate().isPresent()) {
            stage.setText("Fix the prompt first: " + prompt.validate().get());
            return;
        }
        if (!lockSeed.isSelected()) {
            rollSeed();
        }
        Task<List<GeneratedImage>> task;
        try {
            task = m.generate(settings().request());
        } catch (IllegalArgumentException e) {
            stage.setText("Cannot generate: " + e.getMessage());
            return;
        }
        results.getChildren().clear();
        Job<List<GeneratedImage>> job = context.jobs().submit(task);
        running.set(job);
        progress.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
        stage.setText("Queued: " + task.title());
        job.progressProperty().addListener((o, old, p) -> showProgress(p));
        job.stateProperty().addListener((o, old, state) -> finished(job, state));
    }

    /** Esc and the button. */
    void cancel() {
        Job<?> job = running.get();
        if (job != null) {
            job.cancel();
            stage.setText("Cancelling…");
        }
    }

    private void showProgress(Progress p) {
        if (p == null || running.get() == null) {
            return;
        }
        progress.setProgress(p.fraction() < 0 ? ProgressBar.INDETERMINATE_PROGRESS : p.fraction());
        // The task's message starts with its stage ("planning 12/64"); name what the stage does instead.
        String steps = p.message().startsWith(p.stage() + " ") ? p.message().substring(p.stage().length() + 1) : p.message();
        stage.setText(switch (p.stage()) {
            case "planning" -> "Planning the layout (AR model): code " + steps;
            case "denoising" -> "Rendering (diffusion transformer): step " + steps;
            default -> p.message();
        });
        if (p.preview() != null) {
            preview.setImage(FxImages.toFx(p.preview(), PREVIEW_SCALE));
            previewCaption.setText("planning".equals(p.stage())
                    ? "The plan so far, decoded from the image codes the AR model has chosen"
                    : "The current estimate of the denoiser");
        }
    }

    private void finished(Job<List<GeneratedImage>> job, JobState state) {
        if (!state.isFinished()) {
            if (state == JobState.RUNNING) {
                stage.setText("Running: " + job.title());
            }
            return;
        }
        running.set(null);
        progress.setProgress(0);
        switch (state) {
            case SUCCEEDED -> store(job.completion().join());
            case CANCELLED -> stage.setText("Cancelled.");
            default -> stage.setText("Generation failed: " + job.error().map(Throwable::getMessage).orElse("unknown error"));
        }
    }

    private void store(List<GeneratedImage> images) {
        List<Gallery.Entry> made = new ArrayList<>();
        String failure = null;
        for (GeneratedImage g : images) {
            try {
                made.add(gallery.add(g));
            } catch (IOException e) {
                failure = "could not save to the gallery (" + gallery.directory() + "): " + e.getMessage();
                made.add(new Gallery.Entry(null, g.image(), GenerationSettings.of(g)));
            }
        }
        for (Gallery.Entry e : made) {
            results.getChildren().add(tile(e, "create-result"));
        }
        select(made.get(0));
        reloadGallery();
        stage.setText("Done: " + pictures(made.size())
                + (failure == null ? ", saved in the gallery." : "; " + failure));
    }

    // ---- gallery, selection, hand-offs ----

    /** Reads the gallery again and makes its tiles; its prompts are the prompt field's history. */
    private void reloadGallery() {
        List<Gallery.Entry> entries = List.of();
        String failure = null;
        try {
            entries = gallery.load();
        } catch (IOException e) {
            failure = "Cannot read the gallery " + gallery.directory() + ": " + e.getMessage();
        }
        galleryAll = entries.stream().map(e -> tile(e, "gallery-entry")).toList();
        prompt.history(entries.stream().map(e -> e.settings().prompt()).toList());
        showGallery();
        if (failure != null) {
            galleryEmpty.setText(failure);
        }
    }

    /** The tiles of the entries matching the search, and how many those are. */
    private void showGallery() {
        String query = gallerySearch.getText().trim();
        Predicate<Gallery.Entry> matches = Gallery.matching(query);
        List<Button> shown = galleryAll.stream().filter(b -> matches.test((Gallery.Entry) b.getUserData())).toList();
        galleryTiles.getChildren().setAll(shown);
        galleryCount.setText(query.isEmpty() ? pictures(galleryAll.size()) : shown.size() + " of " + pictures(galleryAll.size()));
        galleryEmpty.setText(galleryAll.isEmpty() ? GALLERY_EMPTY : "No prompt in the gallery contains “" + query + "”.");
        galleryEmpty.setVisible(shown.isEmpty());
        galleryEmpty.setManaged(galleryEmpty.isVisible());
        for (Region r : List.of(gallerySearch, galleryCount)) { // nothing to search in an empty gallery
            r.setVisible(!galleryAll.isEmpty());
            r.setManaged(r.isVisible());
        }
    }

    private static String pictures(int n) {
        return n + (n == 1 ? " picture" : " pictures");
    }

    private Button tile(Gallery.Entry entry, String styleClass) {
        ImageView view = new ImageView(FxImages.toFx(entry.image(), THUMB_SCALE));
        view.setSmooth(false);
        Button b = new Button(null, view);
        b.getStyleClass().addAll(styleClass, Styles.FLAT);
        b.setPadding(new Insets(2));
        GenerationSettings s = entry.settings();
        b.setTooltip(new Tooltip(String.format(Locale.ROOT, "%s%nseed %d · %d steps · guidance %.1f%nClick to reuse these settings",
                s.prompt(), s.seed(), s.steps(), s.guidance())));
        b.setOnAction(e -> {
            restore(s);
            select(entry);
        });
        b.setUserData(entry);
        return b;
    }

    private void select(Gallery.Entry entry) {
        selected.set(entry);
        preview.setImage(FxImages.toFx(entry.image(), PREVIEW_SCALE));
        GenerationSettings s = entry.settings();
        previewCaption.setText(String.format(Locale.ROOT, "“%s” — seed %d, %d steps, guidance %.1f", s.prompt(), s.seed(), s.steps(), s.guidance()));
    }

    private void export() {
        Gallery.Entry entry = selected.get();
        if (entry == null) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export picture");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG with settings", "*.png"));
        chooser.setInitialFileName(entry.file() != null ? entry.file().getFileName().toString() : "mammoth.png");
        File target = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (target != null) {
            try {
                exportTo(entry, target.toPath());
                stage.setText("Exported to " + target);
            } catch (IOException e) {
                stage.setText("Could not export to " + target + ": " + e.getMessage());
            }
        }
    }

    /** Copies the gallery PNG (settings included) or, when it was never saved, writes one. */
    static void exportTo(Gallery.Entry entry, Path target) throws IOException {
        if (entry.file() != null) {
            Files.copy(entry.file(), target, StandardCopyOption.REPLACE_EXISTING);
        } else {
            GenerationSettings s = entry.settings();
            studio.mammoth.model.api.PngText.write(entry.image(), studio.mammoth.model.api.PngText.settings(
                    new GeneratedImage(entry.image(), s.prompt(), s.seed(), s.steps(), s.guidance(), "unknown")), target);
        }
    }

    private void handOff(String workspace) {
        Gallery.Entry entry = selected.get();
        if (entry != null) {
            context.events().publish(new ImageHandOff(workspace, entry.image(), entry.file(), entry.settings().prompt()));
            context.events().publish(new ShowWorkspace(workspace));
        }
    }

    // ---- drag and drop ----

    private void dragOver(DragEvent e) {
        if (e.getDragboard().hasFiles() && e.getDragboard().getFiles().stream().anyMatch(f -> f.getName().toLowerCase(Locale.ROOT).endsWith(".png"))) {
            e.acceptTransferModes(TransferMode.COPY);
        }
        e.consume();
    }

    private void dropped(DragEvent e) {
        boolean done = false;
        for (File f : e.getDragboard().hasFiles() ? e.getDragboard().getFiles() : List.<File>of()) {
            done |= restoreFrom(f.toPath());
        }
        e.setDropCompleted(done);
        e.consume();
    }

    /** Restores the settings of a PNG made by the product; says why not otherwise. */
    boolean restoreFrom(Path file) {
        try {
            Optional<Gallery.Entry> entry = Gallery.read(file);
            if (entry.isEmpty()) {
                stage.setText(file.getFileName() + " carries no Mammoth Studio settings (no prompt and seed in its PNG text).");
                return false;
            }
            restore(entry.get().settings());
            select(entry.get());
            stage.setText("Settings restored from " + file.getFileName());
            return true;
        } catch (IOException ex) {
            stage.setText("Cannot read " + file.getFileName() + ": " + ex.getMessage());
            return false;
        }
    }

    // ---- for the page and the tests ----

    ObjectProperty<Job<?>> runningProperty() {
        return running;
    }

    ObjectProperty<MammothModel> modelProperty() {
        return model;
    }

    Region promptNode() {
        return prompt;
    }
}
