package studio.mammoth.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import studio.mammoth.model.nn.AdamW;
import studio.mammoth.model.nn.WarmupCosine;
import studio.mammoth.model.tok.MammothTok;

/**
 * One optimisation step of MammothTok at a time: reconstruction + codebook losses, AdamW, and dead-code
 * re-seeding (a code unused for {@code reseedEvery} steps is moved onto a random encoder output of the batch),
 * which keeps codebook usage high. A share of each batch decodes the quantised latents (the AR plan's path), the rest
 * the continuous ones (the DiT's path, the one the product's pictures come from). Decoder training
 * ({@link #trainingDecoder}) freezes the encoder and codebook, and may add a patch critic's verdict to the decoder's loss.
 */
public final class TokenizerTrainer {
    /** @param adversarial the decoder's adversarial term and critic the critic's hinge loss: NaN when not trained */
    public record Losses(double reconstruction, double codebook, double adversarial, double critic) {
    }

    private final MammothTok tok;
    private final AdamW optimiser;
    private WarmupCosine schedule;
    private final int reseedEvery;
    private final double quantisedShare;
    private final DecoderCritic critic; // null: no adversarial term
    private final int[] lastUsed;
    private long step;

    /** @param quantisedShare the share of each batch that decodes quantised latents, in [0, 1] */
    public TokenizerTrainer(MammothTok tok, WarmupCosine schedule, int reseedEvery, double quantisedShare) {
        this(tok, schedule, reseedEvery, quantisedShare, false, null);
    }

    private TokenizerTrainer(MammothTok tok, WarmupCosine schedule, int reseedEvery, double quantisedShare, boolean decoderOnly,
                             DecoderCritic critic) {
        this.quantisedShare = requireShare(quantisedShare);
        this.tok = tok;
        this.schedule = schedule;
        this.reseedEvery = reseedEvery;
        this.critic = critic;
        tok.parameters().setTrainable(true);
        if (decoderOnly) {
            tok.freezeEncoding();
        }
        this.optimiser = new AdamW(tok.parameters(), new AdamW.Config(0.9, 0.99, 1e-8, 0.0, 1.0));
        this.lastUsed = new int[tok.config().codebookSize()];
    }

    /**
     * Trains the decoder alone, against the critic when one is given: latents and codes stay as they are (no dead-code
     * re-seeding either: the interval is never reached), so a generator trained on this tokenizer stays valid.
     */
    public static TokenizerTrainer trainingDecoder(MammothTok tok, WarmupCosine schedule, double quantisedShare, DecoderCritic critic) {
        return new TokenizerTrainer(tok, schedule, Integer.MAX_VALUE, quantisedShare, true, critic);
    }

    /** @throws IllegalArgumentException unless the share is a fraction of the batch in [0, 1] */
    static double requireShare(double quantisedShare) {
        if (!(quantisedShare >= 0 && quantisedShare <= 1)) {
            throw new IllegalArgumentException("the quantised share is a fraction of the batch in [0, 1], got " + quantisedShare);
        }
        return quantisedShare;
    }

    public AdamW optimiser() {
        return optimiser;
    }

    public long step() {
        return step;
    }

    public void resumeAt(long step) {
        this.step = step;
    }

    /** Re-fits the current cosine cycle to end after {@code cycleSteps} (see {@link ProgressBar#stepAtBudgetEnd}). */
    public void endCycleAfter(long cycleSteps) {
        schedule = schedule.endingAfter(cycleSteps);
    }

    /** @param pixels (B, 3, S, S) flat in [-1, 1] */
    public Losses step(NDManager base, float[] pixels, int batch, Random random) {
        int s = tok.config().imageSize();
        Losses losses;
        int[] codes;
        try (NDManager scope = base.newSubManager()) {
            NDArray x = scope.create(pixels, new Shape(batch, 3, s, s));
            float[] quantised = quantisedMask(batch, quantisedShare);
            MammothTok.Loss loss;
            double adversarial = Double.NaN;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                loss = tok.loss(x, scope.create(quantised));
                NDArray total = loss.total();
                NDArray verdict = critic != null ? critic.decoderTerm(loss.decoded()) : null;
                if (verdict != null) {
                    total = total.add(verdict);
                    adversarial = verdict.getFloat();
                }
                collector.backward(total);
                codes = loss.codes().toIntArray();
            }
            double lr = schedule.at(step);
            optimiser.step(lr);
            double criticLoss = critic != null ? critic.learn(x, loss.decoded(), lr) : Double.NaN;
            losses = new Losses(loss.reconstruction().getFloat(), loss.codebook().getFloat(), adversarial, criticLoss);
            step++;
            for (int c : codes) {
                lastUsed[c] = (int) step;
            }
            if (step % reseedEvery == 0) {
                reseedDeadCodes(x, random);
            }
        }
        return losses;
    }

    /** Per picture of a batch 1 = decode its quantised latents: the share spread evenly, at 1/2 every second picture. */
    static float[] quantisedMask(int batch, double share) {
        float[] mask = new float[batch];
        for (int i = 0; i < batch; i++) {
            mask[i] = (float) (Math.floor((i + 1) * share) - Math.floor(i * share));
        }
        return mask;
    }

    private void reseedDeadCodes(NDArray x, Random random) {
        List<Integer> dead = new ArrayList<>();
        for (int c = 0; c < lastUsed.length; c++) {
            if (step - lastUsed[c] >= reseedEvery) {
                dead.add(c);
            }
        }
        if (dead.isEmpty()) {
            return;
        }
        float[][] directions = tok.directionRows(x);
        int[] rows = new int[dead.size()];
        float[][] vectors = new float[dead.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = dead.get(i);
            float[] v = directions[random.nextInt(directions.length)].clone();
            for (int d = 0; d < v.length; d++) {
                v[d] += (float) (0.01 * random.nextGaussian());
            }
            vectors[i] = v;
            lastUsed[rows[i]] = (int) step;
        }
        tok.reseed(rows, vectors);
    }
}
