package studio.mammoth.app.edit;

import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignB;
import studio.mammoth.app.events.ImageHandOff;
import studio.mammoth.app.imaging.ImageModelSource;
import studio.mammoth.app.imaging.ModelLink;
import studio.mammoth.app.shell.Page;
import studio.mammoth.app.shell.PageContext;
import studio.mammoth.app.undo.CommandHistory;
import studio.mammoth.model.api.MammothModel;

/**
 * Brush-and-instruction editing. The canvas, the mask tools, opening and saving work at once; Apply needs a model
 * trained for edits, and until there is one the workspace says which command provides it.
 */
public final class EditPage implements Page {
    public static final String ID = "edit";
    private static final String SHORTCUT_GROUP = "Edit";

    private final ModelLink link;
    private final EditView view;

    public EditPage(PageContext context) {
        this(context, ImageModelSource.in(context.models().directory()));
    }

    EditPage(PageContext context, ImageModelSource source) {
        this.link = new ModelLink(context.jobs(), source, EditPage::missingAbility, MammothModel::taskId);
        this.view = new EditView(context, link);
        context.events().subscribe(ImageHandOff.class, e -> {
            if (ID.equals(e.targetWorkspace())) {
                view.receive(e);
            }
        });
        context.shortcuts().forPage(ID, SHORTCUT_GROUP, new KeyCodeCombination(KeyCode.B), "Brush", view::useBrush);
        context.shortcuts().forPage(ID, SHORTCUT_GROUP, new KeyCodeCombination(KeyCode.E), "Eraser", view::useEraser);
        context.shortcuts().forPage(ID, SHORTCUT_GROUP, new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN),
                "Apply the instruction", view::apply);
        context.shortcuts().forPage(ID, SHORTCUT_GROUP, new KeyCodeCombination(KeyCode.ESCAPE), "Cancel the running edit", view::cancel);
        context.shortcuts().forPage(ID, SHORTCUT_GROUP, new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN), "Undo",
                () -> view.history().undo());
        context.shortcuts().forPage(ID, SHORTCUT_GROUP, new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                "Redo", () -> view.history().redo());
    }

    /** Null when the checkpoint edits; else what it lacks and the command that trains it. */
    static String missingAbility(MammothModel model) {
        return model.canEdit() ? null
                : ModelLink.taskWeightsMissing(model, "Apply stays off", "edit") + " Painting, opening and saving work meanwhile.";
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Edit";
    }

    @Override
    public String summary() {
        return "Paint a mask, say what to change";
    }

    @Override
    public Ikon icon() {
        return MaterialDesignB.BRUSH;
    }

    @Override
    public Node node() {
        return view;
    }

    @Override
    public void shown() {
        link.refresh();
    }

    @Override
    public Optional<CommandHistory> history() {
        return Optional.of(view.history());
    }

    /** The controls (tests). */
    EditView view() {
        return view;
    }
}
