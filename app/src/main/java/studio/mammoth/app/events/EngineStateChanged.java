package studio.mammoth.app.events;

import java.util.Objects;

/**
 * The in-process model engine changed state. {@code detail} is what the status bar prints after the state:
 * the engine and its threads when ready, the running job's title when busy, the reason when it failed.
 */
public record EngineStateChanged(State state, String detail) {
    public enum State {
        LOADING, READY, BUSY, FAILED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public EngineStateChanged {
        Objects.requireNonNull(state);
        Objects.requireNonNull(detail);
    }
}
