package studio.mammoth.app.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import studio.mammoth.tinyformer.board.BoardException;
import studio.mammoth.tinyformer.board.Boards;
import studio.mammoth.tinyformer.board.EmulatedBoard;

/** {@code mammoth tinyformer boards}: serial ports identified by a SparseEngine ping, and the emulated board. */
@Command(name = "boards",
        description = "List serial ports (pinging each for SparseEngine) and, with --start-emulated, the emulated board.")
public final class TinyformerBoardsCommand implements Callable<Integer> {
    @Option(names = "--start-emulated", description = "Also start the emulated board (QEMU) and list it; it stops when the command ends.")
    boolean startEmulated;

    @Option(names = "--timeout", defaultValue = "500", paramLabel = "MS", description = "Ping timeout per port (default ${DEFAULT-VALUE} ms).")
    int timeoutMillis;

    @Override
    public Integer call() throws Exception {
        EmulatedBoard emulated = null;
        try {
            if (startEmulated) {
                emulated = EmulatedBoard.start(EmulatedBoard.defaultStateDir());
            }
            List<Boards.Entry> entries = Boards.list(timeoutMillis);
            if (entries.isEmpty()) {
                System.out.println("no serial ports found; start the emulated board with --start-emulated");
            }
            for (Boards.Entry e : entries) {
                String what = e.isSparseEngine() ? e.ping().firmware() + " on " + e.ping().board() : "no SparseEngine (" + e.problem() + ")";
                System.out.printf("%-14s %-24s %s  [%s]%n", e.emulated() ? "emulated" : "serial", e.path(), what, e.description());
            }
            long found = entries.stream().filter(Boards.Entry::isSparseEngine).count();
            System.out.println("boards: " + found + " SparseEngine board(s) of " + entries.size() + " port(s)");
            return 0;
        } catch (BoardException e) {
            System.err.println("boards: " + e.getMessage());
            return 1;
        } finally {
            if (emulated != null) {
                emulated.close();
            }
        }
    }
}
