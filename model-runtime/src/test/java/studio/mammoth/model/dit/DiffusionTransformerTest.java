package studio.mammoth.model.dit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;
import studio.mammoth.model.ModelFixture;
import studio.mammoth.model.align.AlignConfig;
import studio.mammoth.model.align.Condition;
import studio.mammoth.model.api.Generator;
import studio.mammoth.model.ar.ArBackbone;
import studio.mammoth.model.ar.ArConfig;
import studio.mammoth.model.ar.PlanLayout;
import studio.mammoth.model.tok.MammothTok;

class DiffusionTransformerTest {
    private static Condition condition(NDManager m, Generator g, int b) {
        PlanLayout layout = g.layout();
        int t = layout.length() - 1;
        int[] ids = new int[b * t];
        for (int i = 0; i < b; i++) {
            System.arraycopy(layout.sequence(new int[] {5, 6}, new int[layout.codes()]), 0, ids, i * t, t);
        }
        ArBackbone.Output out = g.ar().forward(m, ids, b, 0, new boolean[b * t], null);
        return g.align().encode(out.layerStates(), new boolean[b * layout.promptLength()]);
    }

    @Test
    void alignmentYieldsTextTokensThenQueries() {
        try (NDManager m = ModelFixture.manager(); Generator g = new Generator(ModelFixture.tinyGenerator(MammothTok.Config.tiny()), m, 6)) {
            Condition c = condition(m, g, 3);
            assertEquals(new Shape(3, 6 + 16, 48), c.tokens().getShape());
            assertEquals(g.align().conditionTokens(), c.count());
        }
    }

    private static Generator.Config spatial(AlignConfig align) {
        return Generator.Config.of(ArConfig.tiny(), align, DitConfig.tiny(), 6, MammothTok.Config.tiny(), ModelFixture.WORDS);
    }

    @Test
    void aSpatialAlignmentReadsThePlanIntoOneTokenPerLatentCell() {
        try (NDManager m = ModelFixture.manager(); Generator g = new Generator(spatial(new AlignConfig(2, 64, 1, 2, true)), m, 9)) {
            Condition c = condition(m, g, 3);
            assertEquals(new Shape(3, 6 + 64, 48), c.tokens().getShape());
            assertEquals(64, g.align().spatialTokens());
            NDArray v = g.dit().forward(m.randomNormal(new Shape(3, 8, 8, 8)), new float[] {0.1f, 0.5f, 0.9f}, c, new boolean[3]);
            assertEquals(new Shape(3, 8, 8, 8), v.getShape());
        }
    }

    @Test
    void aSpatialAlignmentNeedsOneQueryPerCell() {
        try (NDManager m = ModelFixture.manager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Generator(spatial(new AlignConfig(2, 16, 1, 2, true)), m, 9));
            assertTrue(e.getMessage().contains("one query per latent cell: 64"), e.getMessage());
        }
    }

    @Test
    void predictsAVelocityForTheLatentPositionsOnly() {
        try (NDManager m = ModelFixture.manager(); Generator g = new Generator(ModelFixture.tinyGenerator(MammothTok.Config.tiny()), m, 7)) {
            Condition c = condition(m, g, 2);
            NDArray x = m.randomNormal(new Shape(2, 8, 8, 8));
            NDArray v = g.dit().forward(x, new float[] {0.2f, 0.9f}, c, new boolean[2]);
            assertEquals(new Shape(2, 8, 8, 8), v.getShape());
            assertEquals(0f, v.abs().max().getFloat(), 1e-6, "adaLN-Zero: a fresh DiT predicts zero velocity");
        }
    }

    @Test
    void aDroppedConditionIsInvisible() {
        try (NDManager m = ModelFixture.manager(); Generator g = new Generator(ModelFixture.tinyGenerator(MammothTok.Config.tiny()), m, 8)) {
            g.parameters().all().forEach((name, w) -> {
                if (name.startsWith("dit.") && (name.contains("modulation") || name.contains("latent_out"))) {
                    w.addi(m.randomNormal(0, 0.1f, w.getShape(), w.getDataType())); // leave the zero-init identity
                }
            });
            Condition c = condition(m, g, 1);
            Condition other = new Condition(c.tokens().mul(-3f).add(1f), c.blocked());
            NDArray x = m.randomNormal(new Shape(1, 8, 8, 8));
            float[] a = g.dit().forward(x, new float[] {0.5f}, c, new boolean[] {true}).toFloatArray();
            float[] b = g.dit().forward(x, new float[] {0.5f}, other, new boolean[] {true}).toFloatArray();
            float[] kept = g.dit().forward(x, new float[] {0.5f}, other, new boolean[] {false}).toFloatArray();
            double changed = 0;
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-4);
                changed += Math.abs(a[i] - kept[i]);
            }
            assertTrue(changed > 1e-3, "an attended condition does change the velocity");
        }
    }

    @Test
    void flowMatchingInterpolatesTowardTheDataAndTheScheduleEndsThere() {
        FlowMatching flow = FlowMatching.standard();
        float[] clean = {1f, -1f, 0.5f, 2f};
        FlowMatching.Sample s = flow.sample(clean, 2, new Random(1));
        for (int b = 0; b < 2; b++) {
            assertTrue(s.t()[b] > 0 && s.t()[b] < 1);
            for (int i = b * 2; i < b * 2 + 2; i++) {
                float noise = clean[i] - s.velocity()[i];
                assertEquals(s.t()[b] * clean[i] + (1 - s.t()[b]) * noise, s.noisy()[i], 1e-5);
            }
        }
        float[] grid = flow.schedule(10);
        assertEquals(0f, grid[0], 1e-6);
        assertEquals(1f, grid[10], 1e-6);
        for (int k = 0; k < 10; k++) {
            assertTrue(grid[k + 1] > grid[k]);
        }
    }
}
