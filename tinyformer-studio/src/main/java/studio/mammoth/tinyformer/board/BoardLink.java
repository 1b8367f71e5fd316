package studio.mammoth.tinyformer.board;

import java.io.IOException;

/** A byte pipe to a board: a serial port, or a test double. */
public interface BoardLink extends AutoCloseable {
    void write(byte[] data) throws IOException;

    /** Reads up to buffer.length bytes, waiting at most timeoutMillis; returns 0 on timeout. */
    int read(byte[] buffer, int timeoutMillis) throws IOException;

    /** Human-readable endpoint ("/dev/ttyACM0", "/dev/pts/3"). */
    String path();

    @Override
    void close();
}
