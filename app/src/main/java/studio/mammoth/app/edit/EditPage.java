package studio.mammoth.app.edit;

import org.kordamp.ikonli.materialdesign2.MaterialDesignB;
import studio.mammoth.app.shell.PageContext;
import studio.mammoth.app.shell.Readiness;
import studio.mammoth.app.shell.ReadinessPage;

/** Brush-and-instruction editing. Until the image model is trained it says so and names the commands that train it. */
public final class EditPage extends ReadinessPage {
    public static final String ID = "edit";

    public EditPage(PageContext context) {
        super(context, ID, "Edit", "Paint a mask, say what to change", MaterialDesignB.BRUSH,
                engine -> Readiness.imageModel(context.models(), engine, "Edit",
                        "Edit changes a picture where you paint, following an instruction such as “make the bag green”."));
    }
}
