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
import studio.mammoth.model.ar.VisionEncoder;
import studio.mammoth.model.dit.FlowMatching;
import studio.mammoth.model.dit.Reference;

/**
 * The end-to-end objective: next-token cross-entropy over the image part of the sequence (codes, end-of-row,
 * image end) + flowWeight x flow-matching MSE of the DiT, whose condition comes from the same AR pass — so the
 * flow loss also trains the AR and the alignment module. Joint training adds, in the same step, the edit loss
 * (the same two terms with the source image in the AR context and as the DiT's reference) and the answer loss
 * (cross-entropy of the answer words after the image). Without a plan (DiT-only ablation) the AR reads the prompt
 * alone and there is no next-token term.
 *
 * @param promptDropout    probability that the AR sees an empty prompt (trains the unconditional logits for CFG)
 * @param conditionDropout probability that the DiT's whole condition is masked (trains the unconditional velocity)
 * @param hiddenCodes      probability that a question's picture reaches the AR through its vision-encoder features alone,
 *                         its codes hidden (modality dropout: the answers must learn to read the pixels; 0 without an encoder)
 */
public record JointObjective(double flowWeight, double promptDropout, double conditionDropout, TokenNoise noise, double hiddenCodes) {
    /** Probability that an edit's reference latents are hidden from the DiT (trains the image-unconditional branch). */
    static final double REFERENCE_DROPOUT = 0.1;
    /**
     * Probability that an edit is trained with its region as the brush mask (untouched cells then come from the source, as
     * at inference); otherwise the model decides where to edit.
     */
    static final double MASK_GIVEN = 0.5;

    /** One training batch: prompts as token ids, clean codes (G*G each), clean latents flat (B, D, G, G). */
    public JointObjective {
        if (!(hiddenCodes >= 0 && hiddenCodes <= 1)) {
            throw new IllegalArgumentException("the share of questions with hidden codes must be in [0, 1], got " + hiddenCodes);
        }
    }

    /** Questions always see their picture's codes. */
    public JointObjective(double flowWeight, double promptDropout, double conditionDropout, TokenNoise noise) {
        this(flowWeight, promptDropout, conditionDropout, noise, 0);
    }

    public record Batch(int[][] prompts, int[][] codes, float[] latents) {
        public int size() {
            return prompts.length;
        }
    }

    /**
     * Edits: instruction ids, source and target codes, their latents flat (B, D, G, G), per edit the fraction of each grid
     * cell inside the edit region (G*G), and the source pictures flat (B, 3, S, S) for a vision encoder.
     */
    public record EditBatch(int[][] instructions, int[][] sourceCodes, int[][] targetCodes, float[] sourceLatents, float[] targetLatents,
                            float[][] region, float[] sourcePixels) {
        public int size() {
            return instructions.length;
        }
    }

    /** Questions (or the caption request) about pictures given as codes and pixels flat (B, 3, S, S), and the answer word ids. */
    public record QuestionBatch(int[][] questions, int[][] codes, int[][] answers, float[] pixels) {
        public int size() {
            return questions.length;
        }
    }

    /** One step of joint training; a null part is not trained in this step. */
    public record Mixed(Batch generation, EditBatch edits, QuestionBatch questions) {
    }

    /** Loss terms; edit and answer are null when their part was absent. */
    public record Losses(NDArray total, NDArray nextToken, NDArray flow, NDArray edit, NDArray answer) {
    }

    public Losses compute(NDManager scope, Generator generator, Mixed batch, Random random) {
        Losses gen = batch.generation() != null ? compute(scope, generator, batch.generation(), random) : null;
        NDArray edit = batch.edits() != null ? edit(scope, generator, batch.edits(), random) : null;
        NDArray answer = batch.questions() != null ? answer(scope, generator, batch.questions(), random) : null;
        NDArray total = gen != null ? gen.total() : null;
        for (NDArray part : new NDArray[] {edit, answer}) {
            if (part != null) {
                total = total == null ? part : total.add(part);
            }
        }
        if (total == null) {
            throw new IllegalArgumentException("an empty batch");
        }
        NDArray zero = scope.zeros(new Shape());
        return new Losses(total, gen != null ? gen.nextToken() : zero, gen != null ? gen.flow() : zero, edit, answer);
    }

    /** Text-to-image: plan cross-entropy + flow matching. */
    public Losses compute(NDManager scope, Generator generator, Batch batch, Random random) {
        PlanLayout layout = generator.layout();
        int b = batch.size();
        int p = layout.promptLength();
        boolean planned = generator.config().planned();
        int t = planned ? layout.length() - 1 : p;
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
        NDArray nextToken = planned
                ? crossEntropy(scope, generator.ar().logits(out.last().get(new NDIndex(":, {}:, :", p))), targets, b, predicted) // (B, predicted, V)
                : scope.zeros(new Shape());
        Condition condition = generator.align().encode(out.layerStates(), promptBlocked);
        NDArray flow = flowLoss(scope, generator, condition, batch.latents(), b, conditionDropped, null, random);
        return new Losses(nextToken.add(flow.mul((float) flowWeight)), nextToken, flow, null, null);
    }

    /**
     * Edits: the AR reads [source segment | instruction | target codes] (with a vision encoder, the source's features on its
     * codes) and predicts the target; the DiT renders it with the source as reference.
     */
    NDArray edit(NDManager scope, Generator generator, EditBatch batch, Random random) {
        PlanLayout layout = generator.layout();
        int b = batch.size();
        int s = layout.sourceLength();
        int p = layout.promptLength();
        int t = s + layout.length() - 1;
        int predicted = layout.predicted();
        int g = layout.grid();
        int[] inputs = new int[b * t];
        int[] targets = new int[b * predicted];
        boolean[] padded = new boolean[b * t];
        boolean[] promptBlocked = new boolean[b * p];
        boolean[] textDropped = new boolean[b];
        boolean[] referenceDropped = new boolean[b];
        boolean[] masked = new boolean[b];
        float[] region = new float[b * g * g];
        float[] targetLatents = batch.targetLatents().clone();
        int per = targetLatents.length / b;
        for (int i = 0; i < b; i++) {
            int[] instruction = random.nextDouble() < promptDropout ? new int[0] : batch.instructions()[i];
            masked[i] = random.nextDouble() < MASK_GIVEN;
            int[] target = masked[i] ? brushed(batch.targetCodes()[i], batch.sourceCodes()[i], batch.region()[i]) : batch.targetCodes()[i];
            if (masked[i]) {
                brushed(targetLatents, batch.sourceLatents(), i * per, per, batch.region()[i]);
            }
            int[] clean = layout.editSequence(batch.sourceCodes()[i], instruction, target);
            int[] noisy = layout.editSequence(batch.sourceCodes()[i], instruction, noise.apply(target, g, random));
            System.arraycopy(noisy, 0, inputs, i * t, t);
            System.arraycopy(clean, s + p + 1, targets, i * predicted, predicted);
            for (int j = 0; j < p; j++) {
                padded[i * t + s + j] = clean[s + j] == layout.pad();
                promptBlocked[i * p + j] = padded[i * t + s + j];
            }
            textDropped[i] = random.nextDouble() < conditionDropout;
            referenceDropped[i] = random.nextDouble() < REFERENCE_DROPOUT;
            if (masked[i]) {
                System.arraycopy(batch.region()[i], 0, region, i * g * g, g * g);
            }
        }
        ArBackbone.Output out = generator.ar().forward(scope, inputs, b, 0, layout.editPositions(0, t), padded, null,
                generator.see(scope, batch.sourcePixels(), b, layout.sourceFirstCode()));
        NDArray nextToken = crossEntropy(scope, generator.ar().logits(out.last().get(new NDIndex(":, {}:, :", s + p))), targets, b, predicted);
        Condition condition = generator.align().encode(out.layerStates(), s, promptBlocked);
        Shape latentShape = new Shape(b, generator.config().latentDim(), g, g);
        Reference reference = new Reference(scope.create(batch.sourceLatents(), latentShape), region, masked, referenceDropped);
        NDArray flow = flowLoss(scope, generator, condition, targetLatents, b, textDropped, reference, random);
        return nextToken.add(flow.mul((float) flowWeight));
    }

    /**
     * With a brush, inference keeps the source's codes and latents in every cell the brush does not touch (planning copies
     * them, sampling blends them); training sees the same: the target with those cells taken from the source.
     */
    static int[] brushed(int[] target, int[] source, float[] region) {
        int[] out = target.clone();
        for (int c = 0; c < out.length; c++) {
            if (region[c] == 0) {
                out[c] = source[c];
            }
        }
        return out;
    }

    /** The same for one edit's latents (D, G, G) at offset in the flat batch. */
    private static void brushed(float[] target, float[] source, int offset, int per, float[] region) {
        int cells = region.length;
        for (int j = 0; j < per; j++) {
            if (region[j % cells] == 0) {
                target[offset + j] = source[offset + j];
            }
        }
    }

    /**
     * Understanding: the AR reads [question | image codes] (and, with a vision encoder, the picture's features on its codes,
     * for a share of the questions instead of them) and writes the answer words, then a pad that ends them.
     */
    NDArray answer(NDManager scope, Generator generator, QuestionBatch batch, Random random) {
        PlanLayout layout = generator.layout();
        int b = batch.size();
        int l = layout.length();
        int a = PlanLayout.MAX_ANSWER;
        int t = l + a - 1;
        int[] inputs = new int[b * t];
        int[] targets = new int[b * a];
        float[] weights = new float[b * a];
        boolean[] padded = new boolean[b * t];
        boolean[] hidden = new boolean[b];
        for (int i = 0; i < b; i++) {
            hidden[i] = hiddenCodes > 0 && random.nextDouble() < hiddenCodes; // no draw otherwise: earlier runs replay
            int[] seq = java.util.Arrays.copyOf(layout.answerSequence(batch.questions()[i], batch.codes()[i], batch.answers()[i]), l + a);
            java.util.Arrays.fill(seq, l + batch.answers()[i].length + 1, l + a, layout.pad());
            System.arraycopy(seq, 0, inputs, i * t, t);
            System.arraycopy(seq, l, targets, i * a, a);
            for (int j = 0; j <= batch.answers()[i].length; j++) {
                weights[i * a + j] = 1f; // the words and the pad that ends them
            }
            for (int j = 0; j < layout.promptLength(); j++) {
                padded[i * t + j] = seq[j] == layout.pad();
            }
        }
        VisionEncoder.Features seen = generator.see(scope, batch.pixels(), b, layout.firstCode());
        ArBackbone.Output out = generator.ar().forward(scope, inputs, b, 0, layout.answerPositions(0, t), padded, null,
                seen == null ? null : seen.hidingCodes(hidden));
        NDArray logProbs = generator.ar().textLogits(out.last().get(new NDIndex(":, {}:, :", l - 1))).logSoftmax(-1); // (B, A, textVocab)
        NDArray picked = logProbs.gather(scope.create(targets, new Shape(b, a, 1)).toType(DataType.INT64, false), -1).reshape(b, a);
        NDArray w = scope.create(weights, new Shape(b, a));
        return picked.mul(w).sum().div(w.sum()).neg();
    }

    /** Mean negative log-likelihood of the targets under (B, T, V) logits. */
    private static NDArray crossEntropy(NDManager scope, NDArray logits, int[] targets, int b, int t) {
        NDArray picked = logits.logSoftmax(-1).gather(scope.create(targets, new Shape(b, t, 1)).toType(DataType.INT64, false), -1);
        return picked.mean().neg();
    }

    private static NDArray flowLoss(NDManager scope, Generator generator, Condition condition, float[] latents, int b, boolean[] dropped,
                                    Reference reference, Random random) {
        FlowMatching.Sample sample = generator.flow().sample(latents, b, random);
        Shape latentShape = new Shape(b, generator.config().latentDim(), generator.layout().grid(), generator.layout().grid());
        NDArray velocity = generator.dit().forward(scope.create(sample.noisy(), latentShape), sample.t(), condition, dropped, reference);
        return velocity.sub(scope.create(sample.velocity(), latentShape)).square().mean();
    }
}
