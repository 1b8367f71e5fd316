package studio.mammoth.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import studio.mammoth.app.shell.StudioApp;

/** Opens the desktop application, or renders its window to a PNG and exits. */
@Command(name = "studio", description = "Open the Mammoth Studio window.")
final class StudioCommand implements Callable<Integer> {
    @Option(names = "--snapshot", paramLabel = "FILE.png", description = "Render the window to a PNG and exit.")
    Path snapshot;

    @Option(names = "--workspace", paramLabel = "NAME", description = "Workspace to show first: create, edit, ask or studio.")
    String workspace;

    @Override
    public Integer call() {
        return StudioApp.start(new StudioApp.Options(workspace, snapshot));
    }
}
