package studio.mammoth.app.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsStoreTest {
    @TempDir
    Path dir;

    @Test
    void savedSettingsComeBack() throws Exception {
        SettingsStore store = new SettingsStore(dir.resolve("nested/settings.json"));
        Settings saved = new Settings(Theme.DARK, 1500, 900, true, "studio");
        store.save(saved);
        assertEquals(saved, new SettingsStore(dir.resolve("nested/settings.json")).load());
    }

    @Test
    void noFileMeansDefaults() {
        assertEquals(Settings.DEFAULTS, new SettingsStore(dir.resolve("settings.json")).load());
    }

    @Test
    void anUnreadableFileMeansDefaultsNotACrash() throws Exception {
        Path file = dir.resolve("settings.json");
        Files.writeString(file, "{ this is not json");
        assertEquals(Settings.DEFAULTS, new SettingsStore(file).load());
    }

    @Test
    void missingOrImpossibleValuesAreReplacedByDefaults() throws Exception {
        Path file = dir.resolve("settings.json");
        Files.writeString(file, "{\"theme\":\"DARK\",\"width\":10,\"workspace\":\"\"}");
        Settings read = new SettingsStore(file).load();
        assertEquals(Theme.DARK, read.theme());
        assertEquals(Settings.DEFAULTS.width(), read.width());
        assertEquals(Settings.DEFAULTS.height(), read.height());
        assertEquals(Settings.DEFAULTS.workspace(), read.workspace());
    }

    @Test
    void theDirectoryPropertyMovesTheFile() {
        String before = System.getProperty(SettingsStore.DIR_PROPERTY);
        try {
            System.setProperty(SettingsStore.DIR_PROPERTY, dir.toString());
            assertEquals(dir.resolve("settings.json"), SettingsStore.standard().file());
        } finally {
            if (before == null) {
                System.clearProperty(SettingsStore.DIR_PROPERTY);
            } else {
                System.setProperty(SettingsStore.DIR_PROPERTY, before);
            }
        }
    }
}
