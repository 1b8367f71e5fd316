package studio.mammoth.app.create;

import org.kordamp.ikonli.materialdesign2.MaterialDesignI;
import studio.mammoth.app.shell.PageContext;
import studio.mammoth.app.shell.Readiness;
import studio.mammoth.app.shell.ReadinessPage;

/** Prompt-to-image. Until the image model is trained it says so and names the commands that train it. */
public final class CreatePage extends ReadinessPage {
    public static final String ID = "create";

    public CreatePage(PageContext context) {
        super(context, ID, "Create", "Turn a prompt into pictures", MaterialDesignI.IMAGE_PLUS,
                engine -> Readiness.imageModel(context.models(), engine, "Create",
                        "Create turns a prompt such as “a red bag left of a blue sneaker” into pictures."));
    }
}
