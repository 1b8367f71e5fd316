package studio.mammoth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds the Linux app-image exactly as {@code ./mammoth package} does (jlink'd runtime with JavaFX + jpackage), only
 * without the .deb, and runs the packaged launcher: the image must start on its own runtime.
 */
class PackagedAppTest {
    @TempDir
    Path dest;

    @Test
    void theAppImageStartsAndReportsItsVersion() throws Exception {
        Path home = ProjectHome.dir();
        ProjectHome.Result build = ProjectHome.run(home, 600,
                List.of(home.resolve("installers/linux/package.sh").toString(), "--app-image-only", "--dest", dest.toString()));
        assertEquals(0, build.exitCode(), build.output());

        Path launcher = dest.resolve("mammoth-studio/bin/mammoth-studio");
        assertTrue(Files.isExecutable(launcher), "no launcher at " + launcher + "\n" + build.output());
        String modules = Files.readAllLines(dest.resolve("mammoth-studio/lib/runtime/release")).stream()
                .filter(l -> l.startsWith("MODULES=")).findFirst().orElse("");
        assertTrue(modules.contains("javafx.controls") && modules.contains("javafx.swing"), "the runtime lacks JavaFX: " + modules);
        assertTrue(Files.list(dest.resolve("mammoth-studio/lib/app")).noneMatch(p -> p.getFileName().toString().startsWith("javafx-")),
                "JavaFX jars are on the image's class path as well as in its runtime");

        ProjectHome.Result version = ProjectHome.run(dest, 60, List.of(launcher.toString(), "--version"));
        assertEquals(0, version.exitCode(), version.output());
        assertTrue(version.output().startsWith("Mammoth Studio 0.1.0"), version.output());
    }
}
