package studio.mammoth.model.ar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import studio.mammoth.model.ModelFixture;
import studio.mammoth.model.api.Generator;
import studio.mammoth.model.tok.MammothTok;

/** The AR reads and writes plan codes: merged codes become their representative's token and are never sampled. */
class PlanCodesTest {
    @Test
    void sequencesCarryPlanCodesAndThePlannerSamplesOnlyRepresentatives() {
        MammothTok.Config tok = MammothTok.Config.tiny();
        List<Integer> planCodes = new ArrayList<>();
        for (int c = 0; c < tok.codebookSize(); c++) {
            planCodes.add(c - c % 4); // groups of four, the first represents them
        }
        Generator.Config base = ModelFixture.tinyGenerator(tok);
        Generator.Config config = new Generator.Config(base.ar(), base.align(), base.dit(), base.promptLength(), base.flowShift(), base.grid(),
                base.latentDim(), base.codebook(), base.vocabulary(), base.variant(), false, false, planCodes, null);
        try (NDManager m = ModelFixture.manager(); Generator g = new Generator(config, m, 5)) {
            PlanLayout layout = g.layout();
            int[] codes = new int[layout.codes()];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = i;
            }
            int[] seq = layout.sequence(new int[] {5, 6}, codes);
            assertEquals(layout.textVocab() + 4, seq[layout.gridPosition(0, 7)], "code 7 is read as its representative 4");
            int[][] plans = new Planner(g.ar()).plan(m, new int[] {5, 6}, new long[] {1, 2, 3}, new SamplingSettings(1.0, 2.0, 0),
                    (done, total, soFar) -> { });
            for (int[] plan : plans) {
                for (int code : plan) {
                    assertTrue(code % 4 == 0, "sampled " + code + ", merged into " + (code - code % 4));
                }
            }
        }
    }
}
