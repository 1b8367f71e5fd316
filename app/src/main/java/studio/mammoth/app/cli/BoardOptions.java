package studio.mammoth.app.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import studio.mammoth.tinyformer.board.BoardClient;
import studio.mammoth.tinyformer.board.BoardException;
import studio.mammoth.tinyformer.board.EmulatedBoard;
import studio.mammoth.tinyformer.board.SerialLink;

/** {@code --port PATH | --emulated} of the board commands; the emulated board is the default. */
final class BoardOptions {
    @ArgGroup(exclusive = true)
    Target target;

    static final class Target {
        @Option(names = "--port", paramLabel = "PATH", description = "Serial port of a board running SparseEngine (e.g. /dev/ttyACM0).")
        String port;

        @Option(names = "--emulated", description = "Start the emulated board (QEMU mps2-an500, Cortex-M7) for this command (the default).")
        boolean emulated;
    }

    /** An open connection; closing it stops the emulated board this command started. */
    record Connection(BoardClient client, EmulatedBoard emulated, String label) implements AutoCloseable {
        @Override
        public void close() {
            if (emulated != null) {
                emulated.close();
            } else {
                client.close();
            }
        }
    }

    Connection open() throws BoardException {
        if (target != null && target.port != null) {
            try {
                return new Connection(new BoardClient(SerialLink.open(target.port)), null, target.port);
            } catch (java.io.IOException e) {
                throw new BoardException(BoardException.Kind.IO, e.getMessage(), e);
            }
        }
        System.err.println("starting the emulated board (QEMU mps2-an500, store in " + EmulatedBoard.defaultStateDir() + ")");
        EmulatedBoard board = EmulatedBoard.start(EmulatedBoard.defaultStateDir());
        return new Connection(board.client(), board, "emulated board on " + board.ptyPath());
    }
}
