package studio.mammoth.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Listed here so --help tells the whole story; the launcher runs the suite before any Java starts. */
@Command(name = "test", description = "Run the whole test suite (unit, GUI headless through Monocle, CLI, firmware on the host and the emulated board).")
final class TestCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        return Home.runLauncher("test");
    }
}
