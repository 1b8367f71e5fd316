package studio.mammoth.app.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;

/**
 * Memory in use, refreshed every second. The model engine keeps its tensors outside the Java heap, so besides the heap
 * the meter shows the whole process (resident set from /proc/self/status) where the system reports it.
 */
final class MemoryMeter extends Label {
    private static final Path PROC_STATUS = Path.of("/proc/self/status");
    private final Timeline timeline = new Timeline(new KeyFrame(Duration.seconds(1), e -> refresh()));

    MemoryMeter() {
        setId("status-memory");
        setGraphic(new FontIcon(MaterialDesignM.MEMORY));
        Runtime rt = Runtime.getRuntime();
        setTooltip(new Tooltip("Java heap in use of at most " + format(rt.maxMemory())
                + "; process = everything the program holds, the model engine's native memory included"));
        timeline.setCycleCount(Animation.INDEFINITE);
        refresh();
    }

    void start() {
        timeline.play();
    }

    void stop() {
        timeline.stop();
    }

    void refresh() {
        Runtime rt = Runtime.getRuntime();
        String heap = format(rt.totalMemory() - rt.freeMemory());
        OptionalLong resident = residentBytes();
        setText(resident.isPresent()
                ? "memory: " + heap + " heap · " + format(resident.getAsLong()) + " process"
                : "memory: " + heap + " heap");
    }

    /** VmRSS of this process on Linux; empty elsewhere. */
    static OptionalLong residentBytes() {
        try {
            for (String line : Files.readAllLines(PROC_STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring(6).trim().split("\\s+")[0];
                    return OptionalLong.of(Long.parseLong(kb) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc not mounted: the heap figure alone is shown
        }
        return OptionalLong.empty();
    }

    static String format(long bytes) {
        double mb = bytes / (1024.0 * 1024.0);
        return mb >= 1024 ? String.format(Locale.ROOT, "%.1f GB", mb / 1024) : String.format(Locale.ROOT, "%.0f MB", mb);
    }
}
