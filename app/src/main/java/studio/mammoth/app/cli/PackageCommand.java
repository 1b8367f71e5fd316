package studio.mammoth.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Builds the installers from the checkout (installers/linux/package.sh does the jlink + jpackage work). */
@Command(name = "package", description = "Build the Linux app-image and .deb (jlink'd runtime with JavaFX) into target/installers.")
final class PackageCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        return Home.runLauncher("package");
    }
}
