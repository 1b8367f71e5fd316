package studio.mammoth.tinyformer.board;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The emulated board: QEMU's mps2-an500 (Cortex-M7) running SparseEngine, its UART on a pseudo-terminal.
 *
 * <p>Under {@code -icount shift=N} every guest instruction advances the virtual clock by 2^N ns, so the
 * SysTick counts the firmware reports are deterministic emulated instruction counts (never real-chip
 * milliseconds). The model store is the file {@code sparse-engine-flash.img} in the state directory,
 * written by the firmware through Arm semihosting: stop the emulator at any moment and the next start
 * finds the store as it was - the persistence a flash chip would give.
 */
public final class EmulatedBoard implements AutoCloseable {
    public static final int ICOUNT_SHIFT = 2;
    public static final String STORE_FILE = "sparse-engine-flash.img";
    private static final Pattern PTY = Pattern.compile("char device redirected to (\\S+)");
    private static final List<EmulatedBoard> RUNNING = new ArrayList<>();

    private final Process process;
    private final String ptyPath;
    private final Path stateDir;
    private final BoardClient client;
    private final List<String> output;

    private EmulatedBoard(Process process, String ptyPath, Path stateDir, BoardClient client, List<String> output) {
        this.process = process;
        this.ptyPath = ptyPath;
        this.stateDir = stateDir;
        this.client = client;
        this.output = output;
    }

    /** The default state directory: the emulated board's "flash" lives there between runs. */
    public static Path defaultStateDir() {
        return Path.of(System.getProperty("user.home"), ".mammoth", "emulated-board");
    }

    /** Boots the emulator, opens its pty and pings until the firmware answers. */
    public static EmulatedBoard start(Path stateDir) throws BoardException {
        Path elf;
        try {
            Files.createDirectories(stateDir);
            elf = FirmwareImage.qemu().extractTo(stateDir);
        } catch (IOException e) {
            throw new BoardException(BoardException.Kind.IO, "cannot prepare " + stateDir + ": " + e.getMessage(), e);
        }
        ProcessBuilder pb = new ProcessBuilder("qemu-system-arm", "-M", "mps2-an500", "-display", "none", "-monitor", "none",
                "-serial", "pty", "-icount", "shift=" + ICOUNT_SHIFT, "-semihosting-config", "enable=on,target=native",
                "-kernel", elf.toString())
                .directory(stateDir.toFile()).redirectErrorStream(true);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new BoardException(BoardException.Kind.IO, "cannot start qemu-system-arm (" + e.getMessage()
                    + "): sudo apt-get install qemu-system-arm", e);
        }
        List<String> output = new ArrayList<>();
        CompletableFuture<String> pty = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (output) {
                        output.add(line);
                    }
                    Matcher m = PTY.matcher(line);
                    if (m.find()) {
                        pty.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                // the emulator went away; start() or the client reports it
            }
            pty.completeExceptionally(new IOException("qemu exited: " + String.join(" / ", output)));
        }, "qemu-output");
        reader.setDaemon(true);
        reader.start();
        String path;
        try {
            path = pty.get(20, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BoardException(BoardException.Kind.IO, "QEMU did not report its serial pty: " + e.getMessage(), e);
        }
        BoardClient client;
        try {
            client = new BoardClient(SerialLink.open(path));
            client.ping(1_000);
        } catch (IOException | BoardException e) {
            process.destroyForcibly();
            throw e instanceof BoardException be ? be
                    : new BoardException(BoardException.Kind.IO, "cannot open the emulator's pty " + path + ": " + e.getMessage(), e);
        }
        EmulatedBoard board = new EmulatedBoard(process, path, stateDir, client, output);
        synchronized (RUNNING) {
            RUNNING.add(board);
        }
        return board;
    }

    /** Emulated boards started by this process and still running. */
    public static List<EmulatedBoard> running() {
        synchronized (RUNNING) {
            RUNNING.removeIf(b -> !b.process.isAlive());
            return List.copyOf(RUNNING);
        }
    }

    public BoardClient client() {
        return client;
    }

    public String ptyPath() {
        return ptyPath;
    }

    public Path stateDir() {
        return stateDir;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything QEMU printed (for error reports). */
    public List<String> emulatorOutput() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** Kills the emulator without warning - the power cut of the reliability tests. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
    }

    @Override
    public void close() {
        kill();
        synchronized (RUNNING) {
            RUNNING.remove(this);
        }
    }
}
