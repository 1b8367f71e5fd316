package studio.mammoth.app.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventBusTest {
    private final EventBus bus = new EventBus();

    @Test
    void deliversOnlyToSubscribersOfTheEventsType() {
        List<String> shown = new ArrayList<>();
        List<Boolean> themes = new ArrayList<>();
        bus.subscribe(WorkspaceShown.class, e -> shown.add(e.workspaceId()));
        bus.subscribe(ThemeChanged.class, e -> themes.add(e.dark()));

        bus.publish(new WorkspaceShown("edit"));
        bus.publish(new ThemeChanged(true));

        assertEquals(List.of("edit"), shown);
        assertEquals(List.of(true), themes);
    }

    @Test
    void aSupertypeSubscriptionSeesEveryEvent() {
        List<Object> all = new ArrayList<>();
        bus.subscribe(Object.class, all::add);
        bus.publish(new ShowWorkspace("ask"));
        bus.publish(new ThemeChanged(false));
        assertEquals(List.of(new ShowWorkspace("ask"), new ThemeChanged(false)), all);
    }

    @Test
    void unsubscribedHandlersReceiveNothingMore() {
        List<String> shown = new ArrayList<>();
        EventBus.Subscription s = bus.subscribe(WorkspaceShown.class, e -> shown.add(e.workspaceId()));
        bus.publish(new WorkspaceShown("create"));
        s.unsubscribe();
        s.unsubscribe();
        bus.publish(new WorkspaceShown("studio"));
        assertEquals(List.of("create"), shown);
    }

    @Test
    void aFailingSubscriberDoesNotSilenceTheOthers() {
        List<String> order = new ArrayList<>();
        bus.subscribe(WorkspaceShown.class, e -> {
            order.add("first");
            throw new IllegalStateException("broken page");
        });
        bus.subscribe(WorkspaceShown.class, e -> order.add("second"));
        bus.publish(new WorkspaceShown("create"));
        assertEquals(List.of("first", "second"), order);
    }
}
