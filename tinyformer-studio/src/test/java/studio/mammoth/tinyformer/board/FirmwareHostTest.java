package studio.mammoth.tinyformer.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import studio.mammoth.tinyformer.reference.KernelVectors;

/**
 * The firmware's kernels, blob validator, interpreter and protocol handlers checked against the Java reference
 * interpreter's test vectors (docs/tinyformer/KERNEL_VECTORS.md), every output byte, twice: compiled for the PC (gcc
 * with AddressSanitizer and UBSan, portable C path; {@code host-test}) and for the Cortex-M7, run on QEMU through
 * semihosting ({@code cortex-m-test}: the DSP paths and hand-written assembly the boards execute).
 */
class FirmwareHostTest {

    @ParameterizedTest
    @ValueSource(strings = {"host-test", "cortex-m-test"})
    void kernelsMatchTheReferenceVectors(String target, @TempDir Path vectors) throws IOException, InterruptedException {
        List<Path> files = KernelVectors.writeAll(vectors);
        Path build = Path.of("target", "firmware").toAbsolutePath();
        Process make = new ProcessBuilder("make", "-s", "-C", Path.of("firmware").toAbsolutePath().toString(), target,
                "OUT=" + build, "VECTORS=" + vectors).redirectErrorStream(true).start();
        String output = new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(make.waitFor(180, TimeUnit.SECONDS), target + " timed out");
        assertEquals(0, make.exitValue(), output);
        assertTrue(output.contains(files.size() + " vector files, 0 failures"), output);
        assertTrue(output.contains("protocol (host board)                    ok"), output);
    }
}
