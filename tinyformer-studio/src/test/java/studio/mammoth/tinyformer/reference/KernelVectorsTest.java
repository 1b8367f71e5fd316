package studio.mammoth.tinyformer.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelVectorsTest {

    @TempDir
    Path dir;

    @Test
    void everyFamilyIsWrittenAndSingleInputVectorsAgreeWithTheirOwnBlob() throws Exception {
        List<Path> files = KernelVectors.writeAll(dir);
        for (String family : new String[] {"requantize", "isqrt64", "conv2d_3x3_s1_same", "conv2d_1x1_sparse_b16",
            "depthwise_3x3_s1", "fully_connected_sparse_b1_fillers", "add_0", "avg_pool2d_global", "layer_norm_d64",
            "attn_scores_t16_h2", "softmax_c49", "attn_context_t16_h2", "gelu", "model_hybrid_sparsity80"}) {
            assertTrue(files.contains(dir.resolve(family + ".tfkv")), family);
        }
        int checked = 0;
        for (Path f : files) {
            VectorFile v = VectorFile.read(f);
            VectorFile.Entry blob = v.get("blob");
            if (blob == null || v.get("in0") == null) {
                continue;
            }
            // The vector's expected output came from the kernel on separate arrays; the blob path (parser, arena
            // plan, interpreter) must give the same bytes.
            byte[] out = ReferenceInterpreter.of(blob.bytes()).run(v.get("in0").bytes());
            assertArrayEquals(v.get("expected").bytes(), out, f.getFileName().toString());
            checked++;
        }
        assertTrue(checked >= 30, "checked " + checked);
        VectorFile model = VectorFile.read(dir.resolve("model_hybrid_sparsity80.tfkv"));
        ReferenceInterpreter r = ReferenceInterpreter.of(model.get("blob").bytes());
        assertArrayEquals(model.get("expected_3").bytes(), r.run(model.get("input_3").bytes()));
    }

    /**
     * The reference's outputs on the seeded vectors, pinned: the firmware is verified bit-exact against exactly these.
     * A refactoring of the reference must leave this value alone; if the semantics change on purpose, the spec, the
     * firmware and this constant change together (as it does when cases are added to the seeded vectors).
     */
    @Test
    void expectedOutputsAreThoseTheFirmwareWasCheckedAgainst() throws Exception {
        List<Path> files = new java.util.ArrayList<>(KernelVectors.writeAll(dir));
        files.sort(null);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        for (Path f : files) {
            for (var e : VectorFile.read(f).entries().entrySet()) {
                if (e.getKey().startsWith("expected")) {
                    crc.update(e.getValue().bytes());
                }
            }
        }
        assertEquals(0x29667d90L, crc.getValue(), String.format("reference outputs changed: crc %08x", crc.getValue()));
    }

    @Test
    void requantizeVectorRoundTripsThroughTheFileFormat() throws Exception {
        KernelVectors.writeAll(dir);
        VectorFile v = VectorFile.read(dir.resolve("requantize.tfkv"));
        VectorFile.Entry x = v.get("x");
        assertNotNull(x);
        assertEquals(VectorFile.Type.I32, x.type());
        for (int i = 0; i < x.count(); i++) {
            assertEquals(v.get("expected").get(i), IntegerKernels.requantize((int) x.get(i), (int) v.get("mult").get(i),
                    (int) v.get("shift").get(i)));
        }
    }
}
