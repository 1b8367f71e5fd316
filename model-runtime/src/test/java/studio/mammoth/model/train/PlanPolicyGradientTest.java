package studio.mammoth.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;
import studio.mammoth.model.ModelFixture;
import studio.mammoth.model.api.Generator;
import studio.mammoth.model.tok.MammothTok;

/** The group-relative advantages and the direction of the policy gradient on the tiny model. */
class PlanPolicyGradientTest {
    @Test
    void advantagesAreRelativeToTheirOwnGroup() {
        double[] a = PlanPolicyGradient.groupAdvantages(new double[] {1, 0, 0, 0, 0.5, 0.5, 0.5, 0.5}, 4);
        double std = Math.sqrt(3.0 / 16); // rewards 1, 0, 0, 0: mean 0.25
        assertEquals(0.75 / std, a[0], 1e-9);
        assertEquals(-0.25 / std, a[1], 1e-9);
        assertArrayEquals(new double[4], java.util.Arrays.copyOfRange(a, 4, 8), "a group of equal rewards teaches nothing");
        assertThrows(IllegalArgumentException.class, () -> PlanPolicyGradient.groupAdvantages(new double[6], 4));
        assertThrows(IllegalArgumentException.class, () -> PlanPolicyGradient.groupAdvantages(new double[6], 1));
    }

    @Test
    void aStepDownTheLossMakesTheBetterPlanLikelierAndTheWorseLessLikely() {
        MammothTok.Config tok = MammothTok.Config.tiny();
        try (NDManager m = ModelFixture.manager(); Generator g = new Generator(ModelFixture.tinyGenerator(tok), m, 3)) {
            int[] prompt = g.text().encode("a photo of a red bag");
            Random random = new Random(5);
            int[] better = randomPlan(g, random);
            int[] worse = randomPlan(g, random);
            double betterBefore = logLikelihood(g, prompt, better);
            double worseBefore = logLikelihood(g, prompt, worse);
            g.parameters().setTrainable(true);
            try (NDManager step = m.newSubManager()) {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    collector.backward(PlanPolicyGradient.loss(step, g,
                            new PlanPolicyGradient.Rollouts(new int[][] {prompt, prompt}, new int[][] {better, worse}, new double[] {1, -1})));
                }
                for (NDArray w : g.parameters().all().values()) {
                    w.subi(w.getGradient().mul(0.05f));
                }
            }
            g.parameters().setTrainable(false);
            assertTrue(logLikelihood(g, prompt, better) > betterBefore, "the plan with the positive advantage gained likelihood");
            assertTrue(logLikelihood(g, prompt, worse) < worseBefore, "the plan with the negative advantage lost likelihood");
        }
    }

    /** Mean log p of the plan's codes: the loss of the plan alone with advantage 1, negated. */
    private static double logLikelihood(Generator g, int[] prompt, int[] codes) {
        try (NDManager scope = g.parameters().manager().newSubManager()) {
            return -PlanPolicyGradient.loss(scope, g, new PlanPolicyGradient.Rollouts(new int[][] {prompt}, new int[][] {codes}, new double[] {1}))
                    .getFloat();
        }
    }

    private static int[] randomPlan(Generator g, Random random) {
        int[] codes = new int[g.layout().grid() * g.layout().grid()];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = g.layout().planCode(random.nextInt(g.layout().codebook()));
        }
        return codes;
    }
}
