package studio.mammoth.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.common.task.CancelToken;
import studio.mammoth.common.task.CancelledException;
import studio.mammoth.common.task.Progress;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.model.ModelFixture;
import studio.mammoth.model.api.GenerateRequest;
import studio.mammoth.model.api.GeneratedImage;
import studio.mammoth.model.api.Generator;
import studio.mammoth.model.api.MammothModel;
import studio.mammoth.model.nn.Parameters;
import studio.mammoth.model.nn.WarmupCosine;
import studio.mammoth.model.tok.MammothTok;
import studio.mammoth.model.tok.Pixels;

/**
 * The whole pipeline on a handful of prompt/picture pairs: tokenizer training, then joint AR + flow training,
 * then generation through the public Task API. A tiny model that cannot overfit four pairs is broken.
 */
class OverfitTest {
    private static final String[] PROMPTS = {"a red bag", "a blue sneaker", "a green bag left", "a red sneaker right"};
    private static NDManager manager;
    private static MammothModel model;
    private static RgbImage[] targets;

    /** bag = square, sneaker = wide bar; left/right move it; the colour word paints it; white background. */
    static RgbImage picture(String prompt) {
        int color = prompt.contains("red") ? 0xD02020 : prompt.contains("blue") ? 0x2040D0 : 0x20A040;
        boolean bag = prompt.contains("bag");
        int cx = prompt.contains("left") ? 16 : prompt.contains("right") ? 48 : 32;
        int halfW = bag ? 10 : 14;
        int halfH = bag ? 10 : 5;
        RgbImage img = new RgbImage(64, 64);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                boolean inside = Math.abs(x - cx) < halfW && Math.abs(y - 32) < halfH;
                img.set(x, y, inside ? color : 0xF0F0F0);
            }
        }
        return img;
    }

    @BeforeAll
    static void train() {
        manager = ModelFixture.manager();
        targets = new RgbImage[PROMPTS.length];
        int n = PROMPTS.length;
        float[] pixels = new float[n * 3 * 64 * 64];
        for (int i = 0; i < n; i++) {
            targets[i] = picture(PROMPTS[i]);
            Pixels.write(targets[i], pixels, i * 3 * 64 * 64);
        }
        MammothTok.Config tokConfig = MammothTok.Config.tiny();
        MammothTok tok = new MammothTok(tokConfig, new Parameters(manager, 11));
        TokenizerTrainer tokTrainer = new TokenizerTrainer(tok, new WarmupCosine(3e-3, 3e-4, 20, 200), 50, TokenizerRun.DEFAULT_QUANTISED_SHARE);
        Random random = new Random(1);
        for (int s = 0; s < 200; s++) {
            tokTrainer.step(manager, pixels, n, random);
        }
        tok.parameters().setTrainable(false);

        int[][] codes = new int[n][];
        float[] latents;
        try (NDManager scope = manager.newSubManager()) {
            MammothTok.Encoded e = tok.encode(scope.create(pixels, new Shape(n, 3, 64, 64)));
            int[] flat = e.codes().toIntArray();
            for (int i = 0; i < n; i++) {
                codes[i] = java.util.Arrays.copyOfRange(flat, i * 64, (i + 1) * 64);
            }
            latents = e.latents().toFloatArray();
        }
        Generator generator = new Generator(ModelFixture.tinyGenerator(tokConfig), manager, 12);
        // each pair four times per batch: the per-step cost is mostly fixed overhead, the extra noise draws are nearly free
        int copies = 4;
        int[][] prompts = new int[n * copies][];
        int[][] batchCodes = new int[n * copies][];
        float[] batchLatents = new float[n * copies * 512];
        for (int i = 0; i < n * copies; i++) {
            prompts[i] = generator.text().encode(PROMPTS[i % n]);
            batchCodes[i] = codes[i % n];
            System.arraycopy(latents, (i % n) * 512, batchLatents, i * 512, 512);
        }
        JointObjective objective = new JointObjective(1.0, 0.1, 0.1, TokenNoise.none());
        // 300 steps learn the plans (next-token loss ~0.01) but leave the DiT on the edge: in some runs (PyTorch's CPU
        // reductions differ run to run) it renders a blurred average of the four pictures; at 600 every picture sits
        // 8-13 dB closer to its own target than to any other
        int steps = 600;
        GeneratorTrainer trainer = new GeneratorTrainer(generator, objective, new WarmupCosine(3e-3, 3e-4, 20, steps), 0.0);
        GeneratorTrainer.Losses last = null;
        for (int s = 0; s < steps; s++) {
            last = trainer.step(manager, new JointObjective.Batch(prompts, batchCodes, batchLatents), random);
        }
        assertTrue(last.nextToken() < 0.5, "next-token loss on four memorised plans: " + last);
        generator.parameters().setTrainable(false);
        model = new MammothModel(manager, tok, generator, "overfit-test");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void eachPromptGeneratesItsOwnPicture() throws Exception {
        for (int i = 0; i < PROMPTS.length; i++) {
            List<GeneratedImage> out = model.generate(GenerateRequest.of(PROMPTS[i], 7, 12, 1.5, 2)).run(TaskContext.unobserved());
            assertEquals(2, out.size());
            for (GeneratedImage g : out) {
                int nearest = 0;
                double best = -1;
                for (int j = 0; j < targets.length; j++) {
                    double psnr = Pixels.psnr(g.image(), targets[j]);
                    if (psnr > best) {
                        best = psnr;
                        nearest = j;
                    }
                }
                assertEquals(i, nearest, "\"" + PROMPTS[i] + "\" (seed " + g.seed() + ") looks most like \"" + PROMPTS[nearest] + "\"");
                assertTrue(best > 15, "\"" + PROMPTS[i] + "\" reproduced at " + best + " dB");
            }
        }
    }

    @Test
    void progressNamesBothStagesWithPreviewsAndCancelStopsTheRun() throws Exception {
        List<Progress> seen = new ArrayList<>();
        model.generate(GenerateRequest.of(PROMPTS[0], 1, 4, 2.0, 1)).run(new TaskContext(new CancelToken(), seen::add));
        assertTrue(seen.stream().anyMatch(p -> p.message().equals("planning 64/64") && p.preview() != null));
        assertTrue(seen.stream().anyMatch(p -> p.message().equals("denoising 4/4") && p.preview() != null));
        CancelToken cancel = new CancelToken();
        List<Progress> partial = new ArrayList<>();
        TaskContext context = new TaskContext(cancel, p -> {
            partial.add(p);
            if (p.message().equals("planning 10/64")) {
                cancel.cancel();
            }
        });
        assertThrows(CancelledException.class, () -> model.generate(GenerateRequest.of(PROMPTS[0], 1, 4, 2.0, 1)).run(context));
        assertEquals("planning 10/64", partial.get(partial.size() - 1).message(), "nothing runs after the cancel");
    }

    @Test
    void unknownWordsAreRefusedBeforeAnythingRuns() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.generate(GenerateRequest.of("a red bga", 1, 4, 2.0, 1)));
        assertTrue(e.getMessage().contains("\"bag\""), e.getMessage());
    }
}
