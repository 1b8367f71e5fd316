package studio.mammoth.app;

import picocli.CommandLine;
import studio.mammoth.app.cli.MammothCommand;

/**
 * Entry point of the jar, the launcher script and the packaged app. Deliberately not a JavaFX
 * Application: a class-path launch of an Application subclass fails without the JavaFX module path.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(MammothCommand.commandLine().execute(args));
    }
}
