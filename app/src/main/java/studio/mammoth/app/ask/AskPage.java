package studio.mammoth.app.ask;

import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import studio.mammoth.app.events.ImageHandOff;
import studio.mammoth.app.imaging.ImageModelSource;
import studio.mammoth.app.imaging.ModelLink;
import studio.mammoth.app.shell.Page;
import studio.mammoth.app.shell.PageContext;
import studio.mammoth.model.api.MammothModel;

/**
 * Questions and captions about a picture. Pictures open at once; answers need a model trained for understanding,
 * and until there is one the workspace says which command provides it.
 */
public final class AskPage implements Page {
    public static final String ID = "ask";

    private final ModelLink link;
    private final AskView view;

    public AskPage(PageContext context) {
        this(context, ImageModelSource.in(context.models().directory()));
    }

    AskPage(PageContext context, ImageModelSource source) {
        this.link = new ModelLink(context.jobs(), source, AskPage::missingAbility, MammothModel::taskId);
        this.view = new AskView(context, link);
        context.events().subscribe(ImageHandOff.class, e -> {
            if (ID.equals(e.targetWorkspace())) {
                view.receive(e);
            }
        });
        context.shortcuts().forPage(ID, "Ask", new KeyCodeCombination(KeyCode.ESCAPE), "Cancel the running answer", view::cancel);
    }

    /** Null when the checkpoint answers; else what it lacks and the command that trains it. */
    static String missingAbility(MammothModel model) {
        return model.canAnswer() ? null : ModelLink.taskWeightsMissing(model, "it cannot answer yet", "answer");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Ask";
    }

    @Override
    public String summary() {
        return "Ask questions about a picture";
    }

    @Override
    public Ikon icon() {
        return MaterialDesignC.CHAT_QUESTION;
    }

    @Override
    public Node node() {
        return view;
    }

    @Override
    public void shown() {
        link.refresh();
    }

    /** The controls (tests). */
    AskView view() {
        return view;
    }
}
