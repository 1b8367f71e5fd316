package studio.mammoth.tinyformer.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.mammoth.tinyformer.reference.KernelVectors;

/**
 * The firmware's kernels, blob validator, interpreter and protocol handlers compiled for the PC (gcc with
 * AddressSanitizer and UBSan, portable C path) and checked against the Java reference interpreter's
 * test vectors (docs/tinyformer/KERNEL_VECTORS.md): every output byte must match.
 */
class FirmwareHostTest {

    @Test
    void kernelsMatchTheReferenceVectors(@TempDir Path vectors) throws IOException, InterruptedException {
        List<Path> files = KernelVectors.writeAll(vectors);
        Path build = Path.of("target", "firmware").toAbsolutePath();
        Process make = new ProcessBuilder("make", "-s", "-C", Path.of("firmware").toAbsolutePath().toString(), "host-test",
                "OUT=" + build, "VECTORS=" + vectors).redirectErrorStream(true).start();
        String output = new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(make.waitFor(180, TimeUnit.SECONDS), "host test build timed out");
        assertEquals(0, make.exitValue(), output);
        assertTrue(output.contains(files.size() + " vector files, 0 failures"), output);
        assertTrue(output.contains("protocol (host board)                    ok"), output);
    }
}
