package studio.mammoth.model.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.ModelFixture;
import studio.mammoth.model.align.Condition;
import studio.mammoth.model.ar.ArBackbone;
import studio.mammoth.model.ar.PlanLayout;
import studio.mammoth.model.ar.VisionEncoder;
import studio.mammoth.model.dit.Reference;
import studio.mammoth.model.nn.Parameters;
import studio.mammoth.model.tok.MammothTok;
import studio.mammoth.model.train.JointObjective;
import studio.mammoth.model.train.TokenNoise;
import studio.mammoth.model.world.PixelMask;

/** The parts the unified model adds (editing, understanding, the DiT-only ablation): shapes, compatibility, refusals. */
class UnifiedBlocksTest {
    private static final MammothTok.Config TOK = MammothTok.Config.tiny();

    private static Generator.Config unified() {
        return ModelFixture.tinyGenerator(TOK).with(Generator.Variant.SERIAL, true, true);
    }

    @Test
    void aHeaderWrittenBeforeTheNewFieldsReadsAsASerialTextToImageModel() {
        Generator.Config current = ModelFixture.tinyGenerator(TOK);
        try (NDManager m = ModelFixture.manager(); Generator g = new Generator(current, m, 1)) {
            String header = g.header(null).replace(",\"variant\":\"SERIAL\",\"editing\":false,\"understanding\":false", "");
            assertFalse(header.contains("variant"), header);
            Generator.Config read = Generator.configFromHeader(header);
            assertEquals(Generator.Variant.SERIAL, read.variant());
            assertFalse(read.editing() || read.understanding());
            assertEquals(current, read);
        }
        assertThrows(IllegalArgumentException.class, () -> current.with(Generator.Variant.DIT_ONLY, true, false));
    }

    @Test
    void aTextToImageCheckpointLoadsIntoTheUnifiedModelWithOnlyTheNewPartsFresh() {
        try (NDManager m = ModelFixture.manager(); Generator t2i = new Generator(ModelFixture.tinyGenerator(TOK), m, 1);
             Generator joint = new Generator(unified(), m, 2)) {
            Map<String, float[]> saved = t2i.parameters().snapshot();
            List<String> fresh = joint.parameters().loadPresent(saved);
            assertEquals(List.of("ar.source_position_embedding.table", "ar.answer_position_embedding.table", "dit.reference_in.weight",
                    "dit.reference_in.bias", "dit.reference_index", "dit.mask_in.weight", "dit.mask_in.bias"), fresh);
            for (String name : List.of("ar.text_head.weight", "dit.latent_in.weight", "align.text_proj.weight")) {
                assertTrue(Arrays.equals(saved.get(name), joint.parameters().get(name).toFloatArray()), name + " carried over");
            }
        }
    }

    @Test
    void editAndAnswerSequencesHaveTheirOwnPositions() {
        try (NDManager m = ModelFixture.manager(); Generator g = new Generator(unified(), m, 3)) {
            PlanLayout layout = g.layout();
            int[] codes = new int[layout.codes()];
            int[] edit = layout.editSequence(codes, new int[] {5, 6}, codes);
            assertEquals(layout.sourceLength() + layout.length(), edit.length);
            int[] positions = layout.editPositions(0, edit.length);
            assertEquals(layout.length(), positions[0], "the source segment starts the source table");
            assertEquals(0, positions[layout.sourceLength()], "the instruction takes the generation layout's first position");
            int[] answer = layout.answerSequence(new int[] {5}, codes, new int[] {7, 8});
            assertEquals(layout.length() + 3, answer.length);
            assertEquals(layout.pad(), answer[answer.length - 1], "a pad ends the answer");
            int t = edit.length - 1;
            ArBackbone.Output out = g.ar().forward(m, Arrays.copyOf(edit, t), 1, 0, layout.editPositions(0, t), new boolean[t], null);
            assertEquals(new Shape(1, t, 32), out.last().getShape());
            Condition c = g.align().encode(out.layerStates(), layout.sourceLength(), new boolean[layout.promptLength()]);
            assertEquals(new Shape(1, g.align().conditionTokens(), 48), c.tokens().getShape());
            NDArray text = g.ar().textLogits(out.last());
            assertEquals(layout.textVocab(), text.getShape().get(2));
        }
    }

    @Test
    void theDitTakesReferenceLatentsAndTheMaskAndDecodesOnlyTheNoisyLatents() {
        try (NDManager m = ModelFixture.manager(); Generator g = new Generator(unified(), m, 4)) {
            g.parameters().all().forEach((name, w) -> {
                if (name.startsWith("dit.") && (name.contains("modulation") || name.contains("latent_out"))) {
                    w.addi(m.randomNormal(0, 0.1f, w.getShape(), w.getDataType())); // leave the zero-init identity
                }
            });
            PlanLayout layout = g.layout();
            int t = layout.length() - 1;
            ArBackbone.Output out = g.ar().forward(m, Arrays.copyOf(layout.sequence(new int[] {5}, new int[64]), t), 1, 0, new boolean[t], null);
            Condition c = g.align().encode(out.layerStates(), new boolean[layout.promptLength()]);
            NDArray x = m.randomNormal(new Shape(1, 8, 8, 8));
            float[] region = new float[64];
            region[9] = 1f;
            Reference shown = new Reference(m.randomNormal(new Shape(1, 8, 8, 8)), region, new boolean[] {true}, new boolean[] {false});
            NDArray v = g.dit().forward(x, new float[] {0.5f}, c, new boolean[1], shown);
            assertEquals(new Shape(1, 8, 8, 8), v.getShape());
            Reference hidden = new Reference(shown.latents(), region, shown.masked(), new boolean[] {true});
            Reference otherHidden = new Reference(shown.latents().mul(-2f), region, shown.masked(), new boolean[] {true});
            float[] a = g.dit().forward(x, new float[] {0.5f}, c, new boolean[1], hidden).toFloatArray();
            float[] b = g.dit().forward(x, new float[] {0.5f}, c, new boolean[1], otherHidden).toFloatArray();
            float[] seen = g.dit().forward(x, new float[] {0.5f}, c, new boolean[1], new Reference(shown.latents().mul(-2f), region,
                    shown.masked(), new boolean[] {false})).toFloatArray();
            assertTrue(Arrays.equals(a, b) || maxDiff(a, b) < 1e-5, "a hidden reference is invisible");
            assertTrue(maxDiff(v.toFloatArray(), seen) > 1e-4, "a shown reference changes the velocity");
        }
    }

    @Test
    void jointObjectiveGivesFiniteLossesForAllThreeFamilies() {
        try (NDManager m = ModelFixture.manager(); Generator g = new Generator(unified().withVision(VisionEncoder.Config.tiny()), m, 5)) {
            Random r = new Random(1);
            int[] codes = new int[64];
            float[] latents = new float[512];
            float[] pixels = new float[3 * 64 * 64];
            JointObjective.Mixed batch = new JointObjective.Mixed(
                    new JointObjective.Batch(new int[][] {{5, 6}}, new int[][] {codes}, latents),
                    new JointObjective.EditBatch(new int[][] {{7}}, new int[][] {codes}, new int[][] {codes}, latents, latents, new float[][] {new float[64]},
                            pixels),
                    new JointObjective.QuestionBatch(new int[][] {{8, 9}}, new int[][] {codes}, new int[][] {{10, 11}}, pixels));
            JointObjective.Losses l = new JointObjective(1, 0.1, 0.1, TokenNoise.none()).compute(m, g, batch, r);
            for (NDArray part : new NDArray[] {l.total(), l.nextToken(), l.flow(), l.edit(), l.answer()}) {
                assertTrue(Float.isFinite(part.getFloat()), String.valueOf(part));
            }
        }
    }

    @Test
    void theDitOnlyAblationConditionsOnTheTextAloneAndGenerates() throws Exception {
        Generator.Config config = ModelFixture.tinyGenerator(TOK).with(Generator.Variant.DIT_ONLY, false, false);
        NDManager m = ModelFixture.manager();
        try (MammothModel model = new MammothModel(m, new MammothTok(TOK, new Parameters(m, 1)), new Generator(config, m, 6), "dit-only")) {
            assertEquals(model.generator().layout().promptLength(), model.generator().align().conditionTokens());
            List<String> stages = new java.util.ArrayList<>();
            var images = model.generate(GenerateRequest.of("a red bag", 1, 2, 2.0, 1))
                    .run(new studio.mammoth.common.task.TaskContext(new studio.mammoth.common.task.CancelToken(), p -> stages.add(p.stage())));
            assertEquals(64, images.get(0).image().width());
            assertFalse(stages.contains("planning"), "no plan in the ablation: " + stages);
            JointObjective.Losses l = new JointObjective(1, 0.1, 0.1, TokenNoise.none()).compute(m, model.generator(),
                    new JointObjective.Batch(new int[][] {{5, 6}}, new int[][] {new int[64]}, new float[512]), new Random(2));
            assertEquals(0f, l.nextToken().getFloat(), "no plan, no next-token term");
        }
    }

    @Test
    void aTextToImageCheckpointRefusesToEditOrAnswerNamingTheTrainingCommand() {
        NDManager m = ModelFixture.manager();
        try (MammothModel model = new MammothModel(m, new MammothTok(TOK, new Parameters(m, 1)),
                new Generator(ModelFixture.tinyGenerator(TOK), m, 7), "t2i")) {
            RgbImage picture = new RgbImage(64, 64);
            assertFalse(model.canEdit() || model.canAnswer());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.edit(EditRequest.of(picture, "make the bag red", null, 1)));
            assertTrue(e.getMessage().contains("--tasks all"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> model.ask(picture, "is there a bag ?"));
            assertThrows(IllegalStateException.class, () -> model.caption(picture));
        }
    }

    @Test
    void editRequestsAreValidatedWithReasons() {
        RgbImage picture = new RgbImage(64, 64);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EditRequest.of(picture, "  ", null, 1)).getMessage().contains("empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EditRequest.of(new RgbImage(32, 64), "make it red", null, 1))
                .getMessage().contains("64x64"));
        assertThrows(IllegalArgumentException.class, () -> EditRequest.of(picture, "x", new PixelMask(32, new boolean[32 * 32]), 1));
        assertThrows(IllegalArgumentException.class, () -> EditRequest.of(picture, "x", new PixelMask(64, new boolean[64 * 64]), 1));
        assertThrows(IllegalArgumentException.class, () -> new EditRequest(picture, "x", null, 1, 0, 3, 1.5));
    }

    private static double maxDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }
}
