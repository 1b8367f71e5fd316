package studio.mammoth.model.ar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import studio.mammoth.model.ModelFixture;
import studio.mammoth.model.align.AlignConfig;
import studio.mammoth.model.api.Generator;
import studio.mammoth.model.dit.DitConfig;
import studio.mammoth.model.tok.MammothTok;

class BlockExpansionTest {
    /** The shipped layout in miniature: 4 layers, experts in the deeper half, the alignment averaging the last 3. */
    private static final ArConfig TRAINED = new ArConfig(32, 4, 2, 2, 0);
    private static final ArConfig DEEPER = new ArConfig(32, 8, 2, 4, 0);
    private static final AlignConfig ALIGN = new AlignConfig(3, 16, 1, 2, false);

    private static Generator.Config config(ArConfig ar) {
        return Generator.Config.of(ar, ALIGN, DitConfig.tiny(), 6, MammothTok.Config.tiny(), ModelFixture.WORDS);
    }

    private static int[][] randomCodes(PlanLayout layout, Random r) {
        int[][] codes = new int[2][layout.codes()];
        for (int[] plan : codes) {
            for (int i = 0; i < plan.length; i++) {
                plan[i] = r.nextInt(layout.codebook());
            }
        }
        return codes;
    }

    private static void randomise(Generator g, Random r) {
        // a fresh generator's output projections are small and its experts alike; trained weights are neither
        g.parameters().all().forEach((name, array) -> {
            float[] v = new float[(int) array.getShape().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (r.nextGaussian() * 0.2);
            }
            array.set(v);
        });
    }

    @Test
    void theDeeperBackboneComputesWhatTheTrainedOneDid() {
        try (NDManager m = ModelFixture.manager(); Generator trained = new Generator(config(TRAINED), m, 1);
             Generator deeper = new Generator(config(DEEPER), m, 2)) {
            Random r = new Random(3);
            randomise(trained, r);
            deeper.parameters().load(BlockExpansion.deepen(trained.parameters().snapshot(), TRAINED, DEEPER, ALIGN.aggregateLayers()));
            int[] prompt = trained.text().encode("a photo of a red bag");
            int[][] codes = randomCodes(trained.layout(), r);

            Generator.PlanReading before = trained.read(m, prompt, codes);
            Generator.PlanReading after = deeper.read(m, prompt, codes);
            assertEquals(DEEPER.layers(), after.ar().layerStates().size());
            assertClose(trained.ar().logits(before.ar().last()).toFloatArray(), deeper.ar().logits(after.ar().last()).toFloatArray());
            assertClose(before.condition().tokens().toFloatArray(), after.condition().tokens().toFloatArray());
        }
    }

    @Test
    void newBlocksAreSilencedCopiesAndShallowBlocksGainAnExpert() {
        Map<String, float[]> trained;
        try (NDManager m = ModelFixture.manager(); Generator g = new Generator(config(TRAINED), m, 1)) {
            randomise(g, new Random(4));
            trained = g.parameters().snapshot();
        }
        Map<String, float[]> deeper = BlockExpansion.deepen(trained, TRAINED, DEEPER, ALIGN.aggregateLayers());
        int at = BlockExpansion.insertionPoint(TRAINED, ALIGN.aggregateLayers());
        assertEquals(1, at);
        // layers 1..4 are new: copies of layer 0 whose residual branches add nothing
        for (int layer = 1; layer <= 4; layer++) {
            assertEquals(0f, maxAbs(deeper.get("ar.layer" + layer + ".attn.out.weight")));
            assertEquals(0f, maxAbs(deeper.get("ar.layer" + layer + ".ffn.down.weight")));
            assertEquals(trained.get("ar.layer0.attn.q.weight")[5], deeper.get("ar.layer" + layer + ".attn.q.weight")[5]);
        }
        assertEquals(0f, maxAbs(deeper.get("ar.layer4.gen_ffn.down.weight")));
        // trained layer 1 (a plain FFN) lands at layer 5, among the experts: both experts are its FFN
        assertEquals(trained.get("ar.layer1.ffn.gate_up.weight")[7], deeper.get("ar.layer5.gen_ffn.gate_up.weight")[7]);
        assertEquals(trained.get("ar.layer1.ffn.gate_up.weight")[7], deeper.get("ar.layer5.ffn.gate_up.weight")[7]);
        // trained experts keep their own generation FFN
        assertEquals(trained.get("ar.layer3.gen_ffn.down.weight")[9], deeper.get("ar.layer7.gen_ffn.down.weight")[9]);
        assertNotEquals(0f, maxAbs(deeper.get("ar.layer7.attn.out.weight")));
        assertEquals(trained.get("ar.code_head.weight"), deeper.get("ar.code_head.weight"));
    }

    @Test
    void refusesWhatItCannotGrowExactly() {
        Map<String, float[]> none = Map.of();
        IllegalArgumentException shallow = assertThrows(IllegalArgumentException.class,
                () -> BlockExpansion.deepen(Map.of("ar.layer0.x", new float[1], "ar.layer1.x", new float[1], "ar.layer2.x", new float[1],
                        "ar.layer3.x", new float[1]), new ArConfig(32, 4, 2, 1, 0), new ArConfig(32, 6, 2, 3, 0), 1));
        assertTrue(shallow.getMessage().contains("generation experts"), shallow.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BlockExpansion.deepen(none, TRAINED, new ArConfig(64, 8, 2, 4, 0), 3));
        assertThrows(IllegalArgumentException.class, () -> BlockExpansion.deepen(none, DEEPER, TRAINED, 3));
    }

    private static float maxAbs(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4 * Math.max(1, Math.abs(expected[i])), "value " + i);
        }
    }
}
