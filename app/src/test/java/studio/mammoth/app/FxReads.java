package studio.mammoth.app;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.control.Labeled;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Reads of the scene graph for GUI tests, made on the JavaFX thread. Read from the test thread they raced the views:
 * a lookup walked a list the FX thread was changing (IndexOutOfBoundsException), and a test saw the first of two labels
 * one FX runnable sets before the runnable had set the second.
 */
public final class FxReads {
    private FxReads() {
    }

    /** {@code read}'s value, computed on the FX thread between two of its runnables (directly when already on it). */
    public static <T> T onFx(Callable<T> read) {
        try {
            return Platform.isFxApplicationThread() ? read.call() : WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("reading the scene on the FX thread failed", e);
        }
    }

    /** The text of the label, button or other labeled control {@code query} finds. */
    public static String text(FxRobot robot, String query) {
        return onFx(() -> robot.lookup(query).queryAs(Labeled.class).getText());
    }

    /** Waits until {@code condition}, evaluated on the FX thread, holds. */
    public static void waitFor(int seconds, BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> onFx(condition::getAsBoolean));
    }
}
