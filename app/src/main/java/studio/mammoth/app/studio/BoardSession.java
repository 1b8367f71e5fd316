package studio.mammoth.app.studio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import studio.mammoth.tinyformer.board.BoardClient;
import studio.mammoth.tinyformer.board.BoardException;
import studio.mammoth.tinyformer.board.EmulatedBoard;
import studio.mammoth.tinyformer.board.SerialLink;

/**
 * The boards this workspace talks to: emulated boards it started (kept running until the workspace closes) and
 * connections to serial ports opened per operation. Closing the session stops every emulator it started.
 */
final class BoardSession implements AutoCloseable {
    private final Path emulatorStateDir;
    private final Map<String, EmulatedBoard> emulated = new ConcurrentHashMap<>();

    BoardSession(Path emulatorStateDir) {
        this.emulatorStateDir = emulatorStateDir;
    }

    /** Boots QEMU with the firmware (worker thread); the board is listed by its pty path. */
    EmulatedBoard startEmulated() throws BoardException {
        EmulatedBoard board = EmulatedBoard.start(emulatorStateDir);
        emulated.put(board.ptyPath(), board);
        return board;
    }

    /** A connection to the board at {@code path}; closing it closes a serial port but keeps an emulator running. */
    Connection connect(String path) throws BoardException {
        EmulatedBoard board = emulated.get(path);
        if (board != null) {
            if (!board.isAlive()) {
                emulated.remove(path);
                throw new BoardException(BoardException.Kind.IO, "the emulated board on " + path + " has stopped: start it again");
            }
            return new Connection(board.client(), false);
        }
        try {
            return new Connection(new BoardClient(SerialLink.open(path)), true);
        } catch (IOException e) {
            throw new BoardException(BoardException.Kind.IO, "cannot open " + path + ": " + e.getMessage(), e);
        }
    }

    /** What QEMU printed, for the console; empty for a serial port. */
    List<String> emulatorOutput(String path) {
        EmulatedBoard board = emulated.get(path);
        return board == null ? List.of() : board.emulatorOutput();
    }

    record Connection(BoardClient client, boolean owned) implements AutoCloseable {
        @Override
        public void close() {
            if (owned) {
                client.close();
            }
        }
    }

    @Override
    public void close() {
        for (EmulatedBoard b : new ArrayList<>(emulated.values())) {
            b.close();
        }
        emulated.clear();
    }
}
