package studio.mammoth.tinyformer.board;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;

/**
 * A serial port through jSerialComm: a USB-serial adapter or a real board's virtual COM port, or the
 * pseudo-terminal of an emulated board ({@link SerialPort#getCommPort} opens any path, ptys included).
 */
public final class SerialLink implements BoardLink {
    public static final int BAUD = 115_200;
    private final SerialPort port;

    private SerialLink(SerialPort port) {
        this.port = port;
    }

    public static SerialLink open(String path) throws IOException {
        SerialPort port = SerialPort.getCommPort(path);
        port.setComPortParameters(BAUD, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        if (!port.openPort()) {
            throw new IOException("cannot open serial port " + path + " (missing, busy, or no permission: add yourself to the dialout group)");
        }
        return new SerialLink(port);
    }

    @Override
    public void write(byte[] data) throws IOException {
        int done = 0;
        while (done < data.length) {
            int n = port.writeBytes(data, data.length - done, done);
            if (n < 0) {
                throw new IOException("write to " + path() + " failed");
            }
            done += n;
        }
    }

    @Override
    public int read(byte[] buffer, int timeoutMillis) throws IOException {
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, Math.max(1, timeoutMillis), 0);
        int n = port.readBytes(buffer, buffer.length);
        if (n < 0) {
            throw new IOException("read from " + path() + " failed (port closed or device gone)");
        }
        return n;
    }

    @Override
    public String path() {
        return port.getSystemPortPath();
    }

    @Override
    public void close() {
        port.closePort();
    }
}
