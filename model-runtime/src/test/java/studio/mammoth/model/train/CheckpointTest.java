package studio.mammoth.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.mammoth.model.ModelFixture;
import studio.mammoth.model.api.Generator;
import studio.mammoth.model.nn.WarmupCosine;
import studio.mammoth.model.tok.MammothTok;

/** A run stopped and resumed from its checkpoint continues exactly like one that never stopped. */
class CheckpointTest {
    @TempDir
    Path dir;

    private static JointObjective.Batch batch(Generator g, Random r) {
        int b = 3;
        int[][] prompts = new int[b][];
        int[][] codes = new int[b][64];
        float[] latents = new float[b * 512];
        String[] words = {"a red bag", "a blue sneaker left", "a green bag right"};
        for (int i = 0; i < b; i++) {
            prompts[i] = g.text().encode(words[r.nextInt(words.length)]);
            for (int j = 0; j < 64; j++) {
                codes[i][j] = r.nextInt(64);
            }
        }
        for (int i = 0; i < latents.length; i++) {
            latents[i] = (float) r.nextGaussian();
        }
        return new JointObjective.Batch(prompts, codes, latents);
    }

    private static GeneratorTrainer trainer(Generator g) {
        return new GeneratorTrainer(g, new JointObjective(1, 0.1, 0.1, TokenNoise.none()), new WarmupCosine(1e-3, 1e-4, 2, 10), 0.9);
    }

    private static double step(GeneratorTrainer t, Generator g, NDManager m) {
        Random r = new Random(42 * 1_000_003L + t.step());
        return t.step(m, batch(g, r), r).total();
    }

    @Test
    void resumingReproducesTheUninterruptedRun() throws Exception {
        Path file = dir.resolve("ck.mmt");
        MammothTok.Config tok = MammothTok.Config.tiny();
        double[] uninterrupted = new double[2];
        try (NDManager m = ModelFixture.manager(); Generator g = new Generator(ModelFixture.tinyGenerator(tok), m, 9)) {
            GeneratorTrainer t = trainer(g);
            for (int i = 0; i < 3; i++) {
                step(t, g, m);
            }
            Checkpoint.save(file, g.parameters(), t.optimiser(), t.ema().snapshot(), new Checkpoint.State(t.step(), 10, 1.0, null));
            uninterrupted[0] = step(t, g, m);
            uninterrupted[1] = step(t, g, m);
        }
        try (NDManager m = ModelFixture.manager(); Generator g = new Generator(ModelFixture.tinyGenerator(tok), m, 123)) {
            GeneratorTrainer t = trainer(g);
            Map<String, float[]> ema = new LinkedHashMap<>();
            Checkpoint.State state = Checkpoint.load(file, g.parameters(), t.optimiser(), ema, "test");
            t.ema().restore(ema, 3);
            t.resumeAt(state.step());
            assertEquals(3, state.step());
            assertEquals(uninterrupted[0], step(t, g, m), 1e-5);
            assertEquals(uninterrupted[1], step(t, g, m), 1e-5);
        }
    }
}
