package studio.mammoth.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import studio.mammoth.model.api.Generator;
import studio.mammoth.model.ar.ArBackbone;
import studio.mammoth.model.ar.PlanLayout;

/**
 * The policy gradient of the AR's plans, group-relative as in GRPO: every prompt is planned {@code group} times, each
 * plan's reward is compared with its group's (advantage = (r - mean) / std), and the loss raises the log-likelihood of
 * the plans that did better than their siblings and lowers it for those that did worse. One update per batch of
 * rollouts, so the policy that sampled them is the one updated and no probability ratio is needed.
 *
 * <p>log p is the AR's own distribution over the plan codes (code head, merged codes excluded as in sampling), without the
 * guidance, temperature and top-k of the sampler: those sharpen that distribution, so raising it where a plan was good
 * raises what the sampler draws.
 */
public final class PlanPolicyGradient {
    /** Below this spread a group's rewards are treated as equal: nothing to learn from it. */
    static final double MIN_SPREAD = 1e-6;

    /**
     * @param prompts    token ids of each rollout's prompt
     * @param codes      each rollout's sampled plan codes (G*G)
     * @param advantages each rollout's advantage
     */
    public record Rollouts(int[][] prompts, int[][] codes, double[] advantages) {
        public Rollouts {
            if (prompts.length != codes.length || codes.length != advantages.length || codes.length == 0) {
                throw new IllegalArgumentException("one prompt, plan and advantage per rollout, and at least one rollout");
            }
        }
    }

    private PlanPolicyGradient() {
    }

    /**
     * Rewards of consecutive groups of {@code group} rollouts -> advantages (r - mean) / std within each group; a group whose
     * rewards are all equal gets zeros.
     */
    public static double[] groupAdvantages(double[] rewards, int group) {
        if (group < 2 || rewards.length % group != 0) {
            throw new IllegalArgumentException("groups of at least 2 that divide " + rewards.length + " rollouts, got " + group);
        }
        double[] advantages = new double[rewards.length];
        for (int start = 0; start < rewards.length; start += group) {
            double mean = 0;
            for (int i = start; i < start + group; i++) {
                mean += rewards[i] / group;
            }
            double variance = 0;
            for (int i = start; i < start + group; i++) {
                variance += (rewards[i] - mean) * (rewards[i] - mean) / group;
            }
            double std = Math.sqrt(variance);
            for (int i = start; i < start + group; i++) {
                advantages[i] = std < MIN_SPREAD ? 0 : (rewards[i] - mean) / std;
            }
        }
        return advantages;
    }

    /** -mean over rollouts of advantage x (mean log p of its plan's codes): a scalar whose gradient is the policy gradient. */
    public static NDArray loss(NDManager scope, Generator generator, Rollouts rollouts) {
        PlanLayout layout = generator.layout();
        int n = rollouts.codes().length;
        int p = layout.promptLength();
        int t = layout.length() - 1;
        int predicted = t - p;
        int[] inputs = new int[n * t];
        int[] targets = new int[n * predicted];
        float[] weights = new float[n * predicted];
        boolean[] padded = new boolean[n * t];
        float codesPerPlan = rollouts.codes()[0].length;
        for (int i = 0; i < n; i++) {
            int[] sequence = layout.sequence(rollouts.prompts()[i], rollouts.codes()[i]);
            System.arraycopy(sequence, 0, inputs, i * t, t);
            for (int j = 0; j < predicted; j++) {
                int next = sequence[p + 1 + j];
                if (layout.isCode(next)) { // end-of-row and image-end are forced, not sampled
                    targets[i * predicted + j] = next - layout.textVocab();
                    weights[i * predicted + j] = (float) (rollouts.advantages()[i] / codesPerPlan);
                }
            }
            for (int j = 0; j < p; j++) {
                padded[i * t + j] = sequence[j] == layout.pad();
            }
        }
        ArBackbone.Output out = generator.ar().forward(scope, inputs, n, 0, padded, null);
        NDArray logits = generator.ar().codeLogits(out.last().get(new NDIndex(":, {}:, :", p))); // (n, predicted, K)
        NDArray logProbs = logits.add(scope.create(mergedCodesBlocked(layout), new Shape(1, 1, layout.codebook()))).logSoftmax(-1);
        NDArray picked = logProbs.gather(scope.create(targets, new Shape(n, predicted, 1)).toType(DataType.INT64, false), -1)
                .reshape(n, predicted);
        return picked.mul(scope.create(weights, new Shape(n, predicted))).sum().div(n).neg();
    }

    /** 0 for plan codes, a large negative number for codes merged into another (never sampled). */
    private static float[] mergedCodesBlocked(PlanLayout layout) {
        float[] blocked = new float[layout.codebook()];
        for (int c = 0; c < blocked.length; c++) {
            blocked[c] = layout.isPlanCode(c) ? 0f : -1e9f;
        }
        return blocked;
    }
}
