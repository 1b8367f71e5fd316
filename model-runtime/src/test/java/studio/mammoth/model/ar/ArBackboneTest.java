package studio.mammoth.model.ar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;
import studio.mammoth.model.ModelFixture;
import studio.mammoth.model.api.Generator;
import studio.mammoth.model.nn.KvCache;
import studio.mammoth.model.tok.MammothTok;

class ArBackboneTest {
    private static int[] sequence(PlanLayout layout, Random r) {
        int[] codes = new int[layout.codes()];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = r.nextInt(layout.codebook());
        }
        return layout.sequence(new int[] {4, 5, 6}, codes);
    }

    @Test
    void layoutPutsRowsWithEndOfRowAndTheImageAtFixedPositions() {
        PlanLayout layout = new PlanLayout(6, 8, 14, 64, 0, 1, 2, 3, null);
        int[] seq = layout.sequence(new int[] {7, 8}, new int[64]);
        assertEquals(6 + 1 + 72 + 1, seq.length);
        assertArrayEquals(new int[] {0, 0, 0, 0, 7, 8, 1}, java.util.Arrays.copyOf(seq, 7));
        assertEquals(3, seq[layout.gridPosition(0, 8)]);
        assertEquals(14, seq[layout.gridPosition(7, 7)]);
        assertEquals(2, seq[seq.length - 1]);
        assertEquals(73, layout.predicted());
    }

    @Test
    void fullPassGivesStatesPerLayerAndJointLogits() {
        MammothTok.Config tok = MammothTok.Config.tiny();
        try (NDManager m = ModelFixture.manager(); Generator g = new Generator(ModelFixture.tinyGenerator(tok), m, 3)) {
            PlanLayout layout = g.layout();
            int[] seq = sequence(layout, new Random(1));
            int b = 2;
            int t = layout.length();
            int[] ids = new int[b * t];
            System.arraycopy(seq, 0, ids, 0, t);
            System.arraycopy(seq, 0, ids, t, t);
            ArBackbone.Output out = g.ar().forward(m, ids, b, 0, new boolean[b * t], null);
            assertEquals(g.ar().layers(), out.layerStates().size());
            assertEquals(new Shape(b, t, 32), out.last().getShape());
            assertEquals(new Shape(b, t, layout.vocabulary()), g.ar().logits(out.last()).getShape());
            assertEquals(new Shape(b, t, layout.codebook()), g.ar().codeLogits(out.last()).getShape());
        }
    }

    @Test
    void kvCacheDecodingMatchesTheFullPass() {
        MammothTok.Config tok = MammothTok.Config.tiny();
        try (NDManager m = ModelFixture.manager(); Generator g = new Generator(ModelFixture.tinyGenerator(tok), m, 4)) {
            PlanLayout layout = g.layout();
            int[] seq = sequence(layout, new Random(2));
            int t = layout.length();
            boolean[] padded = new boolean[t];
            for (int j = 0; j < layout.promptLength(); j++) {
                padded[j] = seq[j] == layout.pad();
            }
            float[] full = g.ar().forward(m, seq, 1, 0, padded, null).last().toFloatArray();
            KvCache cache = new KvCache(g.ar().layers(), m);
            int prefix = layout.promptLength() + 1;
            NDArray first = g.ar().forward(m, java.util.Arrays.copyOf(seq, prefix), 1, 0, java.util.Arrays.copyOf(padded, prefix), cache).last();
            float[] incremental = new float[full.length];
            System.arraycopy(first.toFloatArray(), 0, incremental, 0, prefix * 32);
            for (int pos = prefix; pos < t; pos++) {
                NDArray one = g.ar().forward(m, new int[] {seq[pos]}, 1, pos, java.util.Arrays.copyOf(padded, pos + 1), cache).last();
                System.arraycopy(one.toFloatArray(), 0, incremental, pos * 32, 32);
            }
            for (int i = 0; i < full.length; i++) {
                assertEquals(full[i], incremental[i], 1e-3, "state " + i);
            }
        }
    }

    @Test
    void generationExpertsOnlyChangeImageCodePositions() {
        MammothTok.Config tok = MammothTok.Config.tiny();
        try (NDManager m = ModelFixture.manager(); Generator g = new Generator(ModelFixture.tinyGenerator(tok), m, 5)) {
            PlanLayout layout = g.layout();
            int[] seq = sequence(layout, new Random(3));
            int t = layout.length();
            float[] before = g.ar().forward(m, seq, 1, 0, new boolean[t], null).last().toFloatArray();
            g.parameters().all().forEach((name, w) -> {
                if (name.contains("gen_ffn")) {
                    w.addi(0.5f);
                }
            });
            float[] after = g.ar().forward(m, seq, 1, 0, new boolean[t], null).last().toFloatArray();
            int firstCode = layout.gridPosition(0, 0);
            for (int pos = 0; pos < firstCode; pos++) {
                for (int d = 0; d < 32; d++) {
                    assertEquals(before[pos * 32 + d], after[pos * 32 + d], 1e-5, "text position " + pos + " is untouched");
                }
            }
            double diff = 0;
            for (int d = 0; d < 32; d++) {
                diff += Math.abs(before[firstCode * 32 + d] - after[firstCode * 32 + d]);
            }
            assertTrue(diff > 1e-3, "the first code position goes through the generation expert");
        }
    }

    @Test
    void sizedKeepsTheStandardDesignAndRefusesWidthsThatDoNotSplitIntoHeads() {
        assertEquals(ArConfig.standard(), ArConfig.sized(128, 4));
        ArConfig wide = ArConfig.sized(256, 6);
        assertEquals(8, wide.heads());
        assertEquals(3, wide.expertsFrom(), "experts in the deeper half");
        assertThrows(IllegalArgumentException.class, () -> ArConfig.sized(200, 4));
        assertThrows(IllegalArgumentException.class, () -> ArConfig.sized(128, 1));
    }
}
