package studio.mammoth.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorFileTest {
    @TempDir
    Path dir;

    @Test
    void halfRoundTripsWithinItsPrecision() {
        for (float f : new float[] {0f, 1f, -2.5f, 0.1f, 65504f, 1e-5f, -3.14159f}) {
            float back = Half.toFloat(Half.fromFloat(f));
            assertEquals(f, back, Math.abs(f) * 1e-3 + 1e-7, "value " + f);
        }
        assertEquals(Float.POSITIVE_INFINITY, Half.toFloat(Half.fromFloat(1e6f)));
    }

    @Test
    void writesReadsAndVerifiesTheChecksum() throws IOException {
        Map<String, float[]> tensors = new LinkedHashMap<>();
        tensors.put("a", new float[] {1f, 2f, 3f});
        tensors.put("b.weight", new float[] {-0.5f});
        Path file = dir.resolve("w.mmt");
        TensorFile.write(file, "{\"k\":1}", tensors, TensorFile.Storage.FLOAT16);
        TensorFile.Contents c = TensorFile.read(file, "./mammoth train x");
        assertEquals("{\"k\":1}", c.header());
        assertArrayEquals(new float[] {1f, 2f, 3f}, c.tensors().get("a"));
        assertArrayEquals(new float[] {-0.5f}, c.tensors().get("b.weight"));
    }

    @Test
    void corruptOrMissingFilesNameTheCommandThatRecreatesThem() throws IOException {
        Path file = dir.resolve("w.mmt");
        TensorFile.write(file, "{}", Map.of("a", new float[] {1f, 2f}), TensorFile.Storage.FLOAT32);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 0x55;
        Files.write(file, bytes);
        IOException corrupt = assertThrows(IOException.class, () -> TensorFile.read(file, "./mammoth train x"));
        assertTrue(corrupt.getMessage().contains("corrupt") && corrupt.getMessage().contains("./mammoth train x"), corrupt.getMessage());
        IOException missing = assertThrows(IOException.class, () -> TensorFile.read(dir.resolve("none.mmt"), "./mammoth train y"));
        assertTrue(missing.getMessage().contains("missing") && missing.getMessage().contains("./mammoth train y"), missing.getMessage());
    }
}
