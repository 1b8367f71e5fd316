package studio.mammoth.app.ask;

import atlantafx.base.theme.Styles;
import java.nio.file.Path;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;
import studio.mammoth.app.events.ImageHandOff;
import studio.mammoth.app.imaging.FxImages;
import studio.mammoth.app.imaging.ModelLink;
import studio.mammoth.app.imaging.PictureDialogs;
import studio.mammoth.app.imaging.PictureFiles;
import studio.mammoth.app.jobs.Job;
import studio.mammoth.app.jobs.JobState;
import studio.mammoth.app.shell.PageContext;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.common.task.Task;
import studio.mammoth.model.api.MammothModel;

/**
 * The Ask controls: the picture on the left, the conversation about it on the right (each question with the model's
 * answer, each caption request with its sentence), the question field below. Every answer is a job of the shared
 * runner; a new picture starts a new part of the conversation.
 */
final class AskView extends BorderPane {
    private static final int PICTURE_SCALE = 5;

    private final PageContext context;
    private final ModelLink link;
    private final ImageView picture = new ImageView();
    private final Label placeholder = new Label("Open a picture, drop one here, or send one from Create or Edit.");
    private final Button open = new Button("Open…", new FontIcon(MaterialDesignF.FOLDER_OPEN_OUTLINE));
    private final Button caption = new Button("Caption", new FontIcon(MaterialDesignT.TEXT_BOX_OUTLINE));
    private final VBox chat = new VBox(10);
    private final Label hint = new Label();
    private final ScrollPane chatScroll = new ScrollPane(chat);
    private final TextField question = new TextField();
    private final Button ask = new Button("Ask", new FontIcon(MaterialDesignS.SEND));
    private final Label status = new Label();
    private final Label modelStatus = new Label();

    private final ObjectProperty<RgbImage> image = new SimpleObjectProperty<>(this, "image");
    private final ObjectProperty<Job<String>> running = new SimpleObjectProperty<>(this, "running");

    AskView(PageContext context, ModelLink link) {
        this.context = context;
        this.link = link;
        setId("ask-view");
        setLeft(pictureArea());
        setCenter(chatArea());
        setPadding(new Insets(16));
        PictureDialogs.acceptDrops(this, this::open);
    }

    private VBox pictureArea() {
        picture.setId("ask-picture");
        picture.setFitWidth(64 * PICTURE_SCALE);
        picture.setFitHeight(64 * PICTURE_SCALE);
        picture.setSmooth(false);
        placeholder.setWrapText(true);
        placeholder.getStyleClass().add(Styles.TEXT_MUTED);
        placeholder.setMaxWidth(64 * PICTURE_SCALE - 40);
        placeholder.visibleProperty().bind(image.isNull());
        StackPane frame = new StackPane(picture, placeholder);
        frame.getStyleClass().add("picture-frame");
        frame.setMinSize(64 * PICTURE_SCALE + 8, 64 * PICTURE_SCALE + 8);
        frame.setMaxSize(64 * PICTURE_SCALE + 8, 64 * PICTURE_SCALE + 8);
        image.addListener((o, old, img) -> picture.setImage(img == null ? null : FxImages.toFx(img, PICTURE_SCALE)));

        open.setId("ask-open");
        open.setOnAction(e -> PictureDialogs.choosePicture(this).ifPresent(this::open));
        caption.setId("ask-caption");
        caption.setTooltip(new Tooltip("Describe the picture in a sentence"));
        caption.setOnAction(e -> caption());
        caption.disableProperty().bind(image.isNull().or(link.model().isNull()).or(running.isNotNull()));
        HBox buttons = new HBox(8, open, caption);
        modelStatus.setId("ask-model-status");
        modelStatus.setWrapText(true);
        modelStatus.setMaxWidth(64 * PICTURE_SCALE + 8);
        modelStatus.setMinHeight(Region.USE_PREF_SIZE);
        link.show(modelStatus);
        VBox box = new VBox(10, frame, buttons, modelStatus);
        box.setPadding(new Insets(0, 20, 0, 0));
        return box;
    }

    private VBox chatArea() {
        chat.setId("ask-chat");
        chat.setPadding(new Insets(12));
        chat.setFillWidth(true);
        hint.setText("Questions and answers appear here, e.g. “how many sneakers are there ?”, “is there a red bag ?”, "
                + "“what color is the coat ?”, “where is the bag ?”.");
        hint.setWrapText(true);
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        chat.getChildren().add(hint);
        chatScroll.setFitToWidth(true);
        chatScroll.getStyleClass().add("ask-chat-scroll");
        VBox.setVgrow(chatScroll, Priority.ALWAYS);
        // follow the newest message
        chat.heightProperty().addListener((o, old, h) -> chatScroll.setVvalue(1.0));

        question.setId("ask-question");
        question.setPromptText("Ask about the picture, e.g. how many sneakers are there ?");
        question.setOnAction(e -> ask());
        ask.setId("ask-send");
        ask.getStyleClass().add(Styles.ACCENT);
        ask.setOnAction(e -> ask());
        ask.disableProperty().bind(image.isNull().or(link.model().isNull()).or(running.isNotNull()));
        HBox.setHgrow(question, Priority.ALWAYS);
        HBox input = new HBox(8, question, ask);
        input.setAlignment(Pos.CENTER_LEFT);
        status.setId("ask-status");
        status.setWrapText(true);
        status.getStyleClass().add(Styles.TEXT_MUTED);
        return new VBox(10, chatScroll, input, status);
    }

    // ---- pictures in ----

    /** A picture from a file: scaled to 64x64 with a notice when needed; a file that is not a picture is refused. */
    boolean open(Path file) {
        try {
            PictureFiles.Picture p = PictureFiles.readPicture(file);
            take(p.image(), file.getFileName().toString());
            status.setText(p.notice().map(n -> "Note: " + n + ".").orElse(""));
            return true;
        } catch (PictureFiles.RefusedException e) {
            status.setText("Cannot open it: " + e.getMessage() + ".");
            return false;
        }
    }

    void receive(ImageHandOff handOff) {
        take(handOff.image(), handOff.prompt() != null ? "“" + handOff.prompt() + "” from Create" : "a picture from Edit");
        status.setText("");
    }

    /** Shows the picture and opens a new part of the conversation with a small copy of it. */
    private void take(RgbImage img, String from) {
        if (running.get() != null) {
            running.get().cancel();
        }
        image.set(img);
        chat.getChildren().remove(hint);
        ImageView thumb = new ImageView(FxImages.toFx(img, 1));
        Label line = new Label("New picture: " + from, thumb);
        line.getStyleClass().addAll("ask-picture-line", Styles.TEXT_MUTED);
        HBox row = new HBox(line);
        row.setAlignment(Pos.CENTER);
        chat.getChildren().add(row);
    }

    // ---- questions and captions ----

    /** Enter, the button. */
    void ask() {
        String text = question.getText().trim();
        if (text.isEmpty()) {
            status.setText("Type a question first, e.g. “how many bags are there ?”.");
            return;
        }
        if (run(text, m -> m.ask(image.get(), text))) {
            question.clear();
        }
    }

    void caption() {
        run("Describe the picture.", m -> m.caption(image.get()));
    }

    /** Starts the model's task and adds the exchange to the conversation; says why not when it cannot start. */
    private boolean run(String said, Function<MammothModel, Task<String>> work) {
        MammothModel model = link.model().get();
        if (running.get() != null || image.get() == null) {
            return false;
        }
        if (model == null) {
            status.setText("Answers need the model: " + link.message().get());
            return false;
        }
        Task<String> task;
        try {
            task = work.apply(model);
        } catch (IllegalArgumentException | IllegalStateException e) {
            status.setText("Cannot ask that: " + e.getMessage());
            return false;
        }
        chat.getChildren().add(bubble(said, "ask-question-bubble", Pos.CENTER_RIGHT));
        Label answer = new Label("…");
        answer.getStyleClass().add("ask-answer");
        HBox answerRow = row(answer, "ask-answer-bubble", Pos.CENTER_LEFT);
        chat.getChildren().add(answerRow);
        Job<String> job = context.jobs().submit(task);
        running.set(job);
        status.setText("Thinking…");
        job.progressProperty().addListener((o, old, p) -> {
            if (p != null && "answering".equals(p.stage()) && !job.state().isFinished()) {
                answer.setText(p.message() + " …"); // the words so far, as the text head writes them
            }
        });
        job.stateProperty().addListener((o, old, s) -> {
            if (!s.isFinished()) {
                return;
            }
            running.set(null);
            if (s == JobState.SUCCEEDED) {
                answer.setText(job.completion().join());
                status.setText("");
            } else {
                answer.setText(s == JobState.CANCELLED ? "(cancelled)" : "(no answer: " + job.error().map(Throwable::getMessage).orElse("unknown error") + ")");
                answer.getStyleClass().add(Styles.TEXT_MUTED);
                status.setText(s == JobState.CANCELLED ? "Cancelled." : "The model failed to answer.");
            }
        });
        return true;
    }

    /** Esc. */
    void cancel() {
        Job<String> job = running.get();
        if (job != null) {
            job.cancel();
        }
    }

    private static HBox bubble(String text, String style, Pos side) {
        Label l = new Label(text);
        return row(l, style, side);
    }

    private static HBox row(Label text, String style, Pos side) {
        text.setWrapText(true);
        text.getStyleClass().add(style);
        text.setMaxWidth(460);
        HBox row = new HBox(text);
        row.setAlignment(side);
        return row;
    }

    // ---- tests ----

    ObjectProperty<RgbImage> image() {
        return image;
    }

    ObjectProperty<Job<String>> runningProperty() {
        return running;
    }
}
