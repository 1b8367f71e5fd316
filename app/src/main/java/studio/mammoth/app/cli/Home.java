package studio.mammoth.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The source checkout the launcher runs from (set by ./mammoth as -Dmammoth.home); absent in a packaged app. */
public final class Home {
    private Home() {
    }

    public static Optional<Path> checkout() {
        String home = System.getProperty("mammoth.home");
        if (home == null || home.isBlank()) {
            return Optional.empty();
        }
        Path dir = Path.of(home).toAbsolutePath().normalize();
        return Files.isRegularFile(dir.resolve("mammoth")) ? Optional.of(dir) : Optional.empty();
    }

    /** Runs the launcher script of the checkout with the given arguments, inheriting the terminal. */
    static int runLauncher(String... args) throws Exception {
        Path dir = checkout().orElseThrow(() -> new IllegalStateException(
                "this command needs the Mammoth Studio source checkout (run it as ./mammoth " + String.join(" ", args) + ")"));
        String[] command = new String[args.length + 1];
        command[0] = dir.resolve("mammoth").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        return new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start().waitFor();
    }
}
