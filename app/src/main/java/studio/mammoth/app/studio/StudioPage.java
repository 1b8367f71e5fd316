package studio.mammoth.app.studio;

import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import studio.mammoth.app.shell.PageContext;
import studio.mammoth.app.shell.Readiness;
import studio.mammoth.app.shell.ReadinessPage;

/** TinyFormer search and board deployment. Until a model has been searched it says so and names the commands. */
public final class StudioPage extends ReadinessPage {
    public static final String ID = "studio";

    public StudioPage(PageContext context) {
        super(context, ID, "Studio", "Tiny transformers for microcontrollers", MaterialDesignC.CHIP,
                engine -> Readiness.tinyformer(context.models(),
                        "Studio searches sparse tiny transformers that fit a board's flash and SRAM, and deploys them over serial."));
    }
}
