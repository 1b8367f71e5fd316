package studio.mammoth.app.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import studio.mammoth.app.shell.StudioApp;
import studio.mammoth.app.shell.Theme;
import studio.mammoth.app.shell.Workspaces;

/** Opens the desktop application, or renders its window to a PNG and exits. */
@Command(name = "studio", description = "Open the Mammoth Studio window.")
final class StudioCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--snapshot", paramLabel = "FILE.png",
            description = "Render the window to a PNG once the model engine has loaded, then exit (settings are not changed).")
    Path snapshot;

    @Option(names = "--workspace", paramLabel = "NAME", description = "Workspace to show first: create, edit, ask or studio.")
    String workspace;

    @Option(names = "--theme", paramLabel = "light|dark", description = "Theme for this run: light or dark.")
    Theme theme;

    @Override
    public Integer call() {
        String id = null;
        if (workspace != null) {
            id = workspace.toLowerCase(Locale.ROOT);
            if (!Workspaces.ids().contains(id)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "unknown workspace '" + workspace
                        + "': choose one of " + String.join(", ", Workspaces.ids()));
            }
        }
        if (snapshot != null && !snapshot.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--snapshot writes a PNG: give a file name ending in .png, not " + snapshot);
        }
        return StudioApp.start(new StudioApp.Options(id, theme, snapshot));
    }
}
