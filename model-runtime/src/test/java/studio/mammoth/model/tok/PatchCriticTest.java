package studio.mammoth.model.tok;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import studio.mammoth.model.ModelFixture;
import studio.mammoth.model.nn.Parameters;

/** The decoder's critic: a verdict per latent cell, and the two sides of the hinge game. */
class PatchCriticTest {
    @Test
    void givesOneVerdictPerLatentCell() {
        try (NDManager m = ModelFixture.manager()) {
            PatchCritic critic = new PatchCritic(new Parameters(m, 1));
            assertEquals(new Shape(2, 1, 8, 8), critic.logits(m.randomUniform(-1, 1, new Shape(2, 3, 64, 64))).getShape());
        }
    }

    @Test
    void theCriticIsChargedOnlyForVerdictsInsideTheMargin() {
        try (NDManager m = ModelFixture.manager()) {
            // real: 2 is past the margin (0), 0 costs 1; drawn: -3 is past it (0), 1 costs 2
            float loss = PatchCritic.criticLoss(m.create(new float[] {2, 0}), m.create(new float[] {-3, 1})).getFloat();
            assertEquals((0 + 1) / 2f + (0 + 2) / 2f, loss, 1e-6);
        }
    }

    @Test
    void theDecoderGainsAsTheVerdictOnItsDrawingRises() {
        try (NDManager m = ModelFixture.manager()) {
            float unsure = PatchCritic.decoderLoss(m.create(new float[] {0, 0})).getFloat();
            assertEquals(Math.log(2), unsure, 1e-6);
            assertTrue(PatchCritic.decoderLoss(m.create(new float[] {3, 3})).getFloat() < unsure);
            assertTrue(PatchCritic.decoderLoss(m.create(new float[] {-3, -3})).getFloat() > unsure);
        }
    }
}
