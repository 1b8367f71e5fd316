package studio.mammoth.app.events;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Typed publish/subscribe between the parts of the window. Workspaces never hold references to each other:
 * one publishes a record ({@link ShowWorkspace}, a job's state change, …) and whoever cares subscribes to its type.
 *
 * <p>Delivery is synchronous, on the thread that publishes, in subscription order. The shell and the job runner
 * publish on the JavaFX thread, so subscribers may touch the scene graph. A subscriber that throws is logged and
 * the event still reaches the others: one broken page must not silence the rest of the window.
 */
public final class EventBus {
    private static final System.Logger LOG = System.getLogger(EventBus.class.getName());

    private record Subscriber<E>(Class<E> type, Consumer<? super E> handler) {
        void deliver(Object event) {
            handler.accept(type.cast(event));
        }
    }

    private final List<Subscriber<?>> subscribers = new CopyOnWriteArrayList<>();

    /**
     * Receives every published event that is an instance of {@code type} (subtypes included).
     *
     * @return a handle that removes this subscription again (a page that is closed should unsubscribe)
     */
    public <E> Subscription subscribe(Class<E> type, Consumer<? super E> handler) {
        Subscriber<E> subscriber = new Subscriber<>(Objects.requireNonNull(type), Objects.requireNonNull(handler));
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    public void publish(Object event) {
        Objects.requireNonNull(event, "event");
        for (Subscriber<?> subscriber : subscribers) {
            if (subscriber.type().isInstance(event)) {
                try {
                    subscriber.deliver(event);
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "subscriber of " + subscriber.type().getSimpleName() + " failed on " + event, e);
                }
            }
        }
    }

    /** Removes a subscription; calling it twice is harmless. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        void unsubscribe();

        @Override
        default void close() {
            unsubscribe();
        }
    }
}
