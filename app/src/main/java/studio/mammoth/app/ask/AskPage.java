package studio.mammoth.app.ask;

import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import studio.mammoth.app.shell.PageContext;
import studio.mammoth.app.shell.Readiness;
import studio.mammoth.app.shell.ReadinessPage;

/** Questions and captions about a picture. Until the image model is trained it says so and names the commands. */
public final class AskPage extends ReadinessPage {
    public static final String ID = "ask";

    public AskPage(PageContext context) {
        super(context, ID, "Ask", "Ask questions about a picture", MaterialDesignC.CHAT_QUESTION,
                engine -> Readiness.imageModel(context.models(), engine, "Ask",
                        "Ask answers questions such as “how many sneakers are there?” and writes captions."));
    }
}
