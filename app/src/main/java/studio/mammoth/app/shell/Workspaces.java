package studio.mammoth.app.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import studio.mammoth.app.ask.AskPage;
import studio.mammoth.app.create.CreatePage;
import studio.mammoth.app.edit.EditPage;
import studio.mammoth.app.studio.StudioPage;

/** The workspaces of the window, in navigation order (Ctrl+1 is the first). Add a new page here. */
public final class Workspaces {
    private static final Map<String, Function<PageContext, Page>> PAGES = new LinkedHashMap<>();

    static {
        PAGES.put(CreatePage.ID, CreatePage::new);
        PAGES.put(EditPage.ID, EditPage::new);
        PAGES.put(AskPage.ID, AskPage::new);
        PAGES.put(StudioPage.ID, StudioPage::new);
    }

    private Workspaces() {
    }

    /** Valid {@code --workspace} names, in navigation order; needs no JavaFX toolkit. */
    public static List<String> ids() {
        return List.copyOf(PAGES.keySet());
    }

    static List<Page> createAll(PageContext context) {
        List<Page> pages = new ArrayList<>();
        PAGES.forEach((id, factory) -> {
            Page page = factory.apply(context);
            if (!page.id().equals(id)) {
                throw new IllegalStateException("page registered as " + id + " reports id " + page.id());
            }
            pages.add(page);
        });
        return pages;
    }
}
