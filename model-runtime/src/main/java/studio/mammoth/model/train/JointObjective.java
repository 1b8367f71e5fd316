package studio.mammoth.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import studio.mammoth.model.align.Condition;
import studio.mammoth.model.api.Generator;
import studio.mammoth.model.ar.ArBackbone;
import studio.mammoth.model.ar.PlanLayout;
import studio.mammoth.model.dit.FlowMatching;

/**
 * The end-to-end objective: next-token cross-entropy over the image part of the sequence (codes, end-of-row,
 * image end) + flowWeight x flow-matching MSE of the DiT, whose condition comes from the same AR pass — so the
 * flow loss also trains the AR and the alignment module.
 *
 * @param promptDropout    probability that the AR sees an empty prompt (trains the unconditional logits for CFG)
 * @param conditionDropout probability that the DiT's whole condition is masked (trains the unconditional velocity)
 */
public record JointObjective(double flowWeight, double promptDropout, double conditionDropout, TokenNoise noise) {

    /** One training batch: prompts as token ids, clean codes (G*G each), clean latents flat (B, D, G, G). */
    public record Batch(int[][] prompts, int[][] codes, float[] latents) {
        public int size() {
            return prompts.length;
        }
    }

    public record Losses(NDArray total, NDArray nextToken, NDArray flow) {
    }

    public Losses compute(NDManager scope, Generator generator, Batch batch, Random random) {
        PlanLayout layout = generator.layout();
        int b = batch.size();
        int p = layout.promptLength();
        int len = layout.length();
        int t = len - 1;
        int predicted = t - p;
        int[] inputs = new int[b * t];
        int[] targets = new int[b * predicted];
        boolean[] padded = new boolean[b * t];
        boolean[] promptBlocked = new boolean[b * p];
        boolean[] conditionDropped = new boolean[b];
        for (int i = 0; i < b; i++) {
            int[] prompt = random.nextDouble() < promptDropout ? new int[0] : batch.prompts()[i];
            int[] clean = layout.sequence(prompt, batch.codes()[i]);
            int[] noisy = layout.sequence(prompt, noise.apply(batch.codes()[i], layout.grid(), random));
            System.arraycopy(noisy, 0, inputs, i * t, t);
            System.arraycopy(clean, p + 1, targets, i * predicted, predicted);
            for (int j = 0; j < p; j++) {
                padded[i * t + j] = clean[j] == layout.pad();
                promptBlocked[i * p + j] = padded[i * t + j];
            }
            conditionDropped[i] = random.nextDouble() < conditionDropout;
        }
        ArBackbone.Output out = generator.ar().forward(scope, inputs, b, 0, padded, null);
        NDArray states = out.last().get(new NDIndex(":, {}:, :", p));                           // (B, predicted, D)
        NDArray logProbs = generator.ar().logits(states).logSoftmax(-1);                       // (B, predicted, V)
        NDArray picked = logProbs.gather(scope.create(targets, new Shape(b, predicted, 1)).toType(DataType.INT64, false), -1);
        NDArray nextToken = picked.mean().neg();

        Condition condition = generator.align().encode(out.layerStates(), promptBlocked);
        FlowMatching.Sample sample = generator.flow().sample(batch.latents(), b, random);
        Shape latentShape = new Shape(b, generator.config().latentDim(), layout.grid(), layout.grid());
        NDArray velocity = generator.dit().forward(scope.create(sample.noisy(), latentShape), sample.t(), condition, conditionDropped);
        NDArray flow = velocity.sub(scope.create(sample.velocity(), latentShape)).square().mean();
        return new Losses(nextToken.add(flow.mul((float) flowWeight)), nextToken, flow);
    }
}
