package studio.mammoth.app.shell;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Reads and writes {@link Settings} as {@code settings.json} in {@code ~/.config/mammoth-studio} (or
 * {@code $XDG_CONFIG_HOME/mammoth-studio}). The system property {@value #DIR_PROPERTY} moves it elsewhere, so tests and
 * snapshots never touch the user's own settings.
 */
public final class SettingsStore {
    public static final String DIR_PROPERTY = "mammoth.config.dir";
    private static final System.Logger LOG = System.getLogger(SettingsStore.class.getName());
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private final Path file;

    public SettingsStore(Path file) {
        this.file = file;
    }

    /** The store at the standard location, or under {@value #DIR_PROPERTY} when that is set. */
    public static SettingsStore standard() {
        String override = System.getProperty(DIR_PROPERTY);
        Path dir;
        if (override != null && !override.isBlank()) {
            dir = Path.of(override);
        } else {
            String xdg = System.getenv("XDG_CONFIG_HOME");
            Path configHome = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
            dir = configHome.resolve("mammoth-studio");
        }
        return new SettingsStore(dir.resolve("settings.json"));
    }

    public Path file() {
        return file;
    }

    /** The saved settings; the defaults when there is no file yet or it cannot be read (logged, never fatal). */
    public Settings load() {
        try {
            Settings read = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), Settings.class);
            return read == null ? Settings.DEFAULTS : read.sanitized();
        } catch (NoSuchFileException e) {
            return Settings.DEFAULTS;
        } catch (IOException | JsonParseException e) {
            LOG.log(Level.WARNING, "ignoring unreadable settings " + file + " (" + e.getMessage() + "); using defaults");
            return Settings.DEFAULTS;
        }
    }

    /** Writes to a temporary file and moves it in place, so a crash mid-write never leaves half a file. */
    public void save(Settings settings) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, GSON.toJson(settings), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
