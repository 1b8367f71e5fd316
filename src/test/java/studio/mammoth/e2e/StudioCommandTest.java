package studio.mammoth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import studio.mammoth.app.cli.MammothCommand;

/** {@code ./mammoth studio}: the options are checked before any window opens, and --snapshot renders the real window. */
class StudioCommandTest {
    @TempDir
    Path dir;

    @Test
    void anUnknownWorkspaceIsRefusedWithTheValidNames() {
        CommandLine cli = MammothCommand.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("studio", "--workspace", "paint", "--snapshot", dir.resolve("x.png").toString());
        assertEquals(2, code);
        assertTrue(err.toString().contains("unknown workspace 'paint': choose one of create, edit, ask, studio"), err.toString());
    }

    @Test
    void aSnapshotMustBeAPng() {
        CommandLine cli = MammothCommand.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("studio", "--snapshot", dir.resolve("window.jpg").toString()));
        assertTrue(err.toString().contains("ending in .png"), err.toString());
    }

    /**
     * Runs the command in its own JVM (a JavaFX application starts once per process), headless through Monocle, with the
     * real model engine: the snapshot waits for the engine and reports its state.
     */
    @Test
    void snapshotRendersTheChosenWorkspaceToAPngAndExits() throws Exception {
        Path home = ProjectHome.dir();
        Path png = dir.resolve("shots/ask-dark.png");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dmammoth.home=" + home, "-Dmammoth.config.dir=" + dir.resolve("config"),
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=2", "-Dai.djl.pytorch.num_interop_threads=1",
                "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless", "-Dprism.order=sw",
                "-cp", System.getProperty("java.class.path"), "studio.mammoth.app.Main",
                "studio", "--snapshot", png.toString(), "--workspace", "ASK", "--theme", "dark"));
        ProjectHome.Result run = ProjectHome.run(home, 180, command);

        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("engine: ready (PyTorch 2.7.1, 2 threads)"), run.output());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1280, image.getWidth());
        assertEquals(800, image.getHeight());
        // Dark theme: the page background (PrimerDark's canvas) is dark, not white.
        int rgb = image.getRGB(image.getWidth() - 20, 300);
        int brightness = ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
        assertTrue(brightness < 3 * 80, "page background is not dark: " + Integer.toHexString(rgb));
        assertTrue(!dir.resolve("config/settings.json").toFile().exists(), "a snapshot run must not change the settings");
    }
}
