package studio.mammoth.tinyformer.board;

import com.fazecast.jSerialComm.SerialPort;
import java.util.ArrayList;
import java.util.List;

/**
 * The board list: serial ports that answer a SparseEngine ping, plus the emulated boards this process
 * started. A port that does not answer is listed too (as "no SparseEngine"), so the user sees it.
 */
public final class Boards {
    private Boards() {
    }

    /** One entry of the list; {@code ping} is null when the port did not answer as SparseEngine. */
    public record Entry(String path, String description, boolean emulated, BoardClient.PingReply ping, String problem) {
        public boolean isSparseEngine() {
            return ping != null;
        }
    }

    public static List<Entry> list(int pingTimeoutMillis) {
        List<Entry> entries = new ArrayList<>();
        for (EmulatedBoard board : EmulatedBoard.running()) {
            entries.add(probeEmulated(board, pingTimeoutMillis));
        }
        for (SerialPort port : SerialPort.getCommPorts()) {
            String path = port.getSystemPortPath();
            // jSerialComm also lists ports this process opened by path, such as an emulated board's pty.
            if (entries.stream().noneMatch(e -> e.path().equals(path))) {
                entries.add(probe(path, port.getDescriptivePortName(), pingTimeoutMillis));
            }
        }
        return entries;
    }

    private static Entry probeEmulated(EmulatedBoard board, int timeoutMillis) {
        try {
            return new Entry(board.ptyPath(), "QEMU mps2-an500 (emulated Cortex-M7)", true, board.client().ping(timeoutMillis), null);
        } catch (BoardException e) {
            return new Entry(board.ptyPath(), "QEMU mps2-an500 (emulated Cortex-M7)", true, null, e.getMessage());
        }
    }

    /** Opens the port, pings once and closes it again. */
    public static Entry probe(String path, String description, int timeoutMillis) {
        try (BoardClient client = new BoardClient(SerialLink.open(path))) {
            return new Entry(path, description, false, client.ping(timeoutMillis), null);
        } catch (java.io.IOException | BoardException e) {
            return new Entry(path, description, false, null, e.getMessage());
        }
    }
}
