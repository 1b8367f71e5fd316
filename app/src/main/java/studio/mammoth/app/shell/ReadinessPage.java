package studio.mammoth.app.shell;

import java.util.function.Function;
import javafx.scene.Node;
import org.kordamp.ikonli.Ikon;
import studio.mammoth.app.events.EngineStateChanged;

/**
 * A workspace whose model or data is not available yet: it shows {@link ReadinessView} and re-checks when it comes to
 * the front and when the engine changes state. The workspace's own controls replace this page when they are built.
 */
public abstract class ReadinessPage implements Page {
    private final String id;
    private final String title;
    private final String summary;
    private final Ikon icon;
    private final ReadinessView view;

    protected ReadinessPage(PageContext context, String id, String title, String summary, Ikon icon,
            Function<EngineStateChanged, Readiness> check) {
        this.id = id;
        this.title = title;
        this.summary = summary;
        this.icon = icon;
        this.view = new ReadinessView(icon, () -> check.apply(context.engine().current()));
        context.events().subscribe(EngineStateChanged.class, e -> view.refresh());
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String summary() {
        return summary;
    }

    @Override
    public Ikon icon() {
        return icon;
    }

    @Override
    public Node node() {
        return view;
    }

    @Override
    public void shown() {
        view.refresh();
    }

    public ReadinessView readinessView() {
        return view;
    }
}
