package studio.mammoth.app.create;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.StackPane;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;
import studio.mammoth.app.imaging.ImageModelSource;
import studio.mammoth.app.shell.Page;
import studio.mammoth.app.shell.PageContext;
import studio.mammoth.app.shell.ReadinessView;

/**
 * Prompt-to-image. While the weights are missing it shows what to train (checked against the files the model API
 * loads); once they are there — checked again each time the workspace is shown — it shows {@link CreateView}.
 */
public final class CreatePage implements Page {
    public static final String ID = "create";
    private static final String SHORTCUT_GROUP = "Create";

    private final PageContext context;
    private final ImageModelSource source;
    private final Gallery gallery;
    private final StackPane root = new StackPane();
    private final ReadinessView readiness;
    private CreateView view;

    public CreatePage(PageContext context) {
        this(context, ImageModelSource.in(context.models().directory()), Gallery.standard());
    }

    CreatePage(PageContext context, ImageModelSource source, Gallery gallery) {
        this.context = context;
        this.source = source;
        this.gallery = gallery;
        // "Check again" re-runs this check; when the weights have appeared meanwhile, swap in the controls.
        this.readiness = new ReadinessView(icon(), () -> {
            if (view == null && source.present()) {
                Platform.runLater(this::refresh);
            }
            return CreateReadiness.check(source);
        });
        root.setId("create-root");
        context.shortcuts().forPage(ID, SHORTCUT_GROUP, new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN),
                "Generate", () -> {
                    if (view != null) {
                        view.generate();
                    }
                });
        context.shortcuts().forPage(ID, SHORTCUT_GROUP, new KeyCodeCombination(KeyCode.ESCAPE), "Cancel the running generation", () -> {
            if (view != null) {
                view.cancel();
            }
        });
        refresh();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Create";
    }

    @Override
    public String summary() {
        return "Turn a prompt into pictures";
    }

    @Override
    public Ikon icon() {
        return MaterialDesignI.IMAGE_PLUS;
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void shown() {
        refresh();
    }

    /** Shows the controls once the weights exist (and starts loading them), else the readiness message. */
    private void refresh() {
        if (view == null && source.present()) {
            view = new CreateView(context, source, gallery);
            root.getChildren().setAll(view);
        }
        if (view == null) {
            readiness.refresh();
            root.getChildren().setAll(readiness);
        } else {
            view.ensureModel();
        }
    }

    /** The controls, or null while the weights are missing (tests). */
    CreateView view() {
        return view;
    }
}
