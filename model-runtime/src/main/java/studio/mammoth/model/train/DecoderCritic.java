package studio.mammoth.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import studio.mammoth.model.nn.AdamW;
import studio.mammoth.model.nn.Parameters;
import studio.mammoth.model.tok.PatchCritic;

/**
 * The adversarial half of decoder fine-tuning: a {@link PatchCritic} with its own weights and AdamW. For its first
 * warm-up updates the critic learns alone, since a random critic's verdict would only be noise to the decoder; after
 * that the decoder's loss gains weight x the critic's verdict on what it drew.
 */
public final class DecoderCritic {
    /** Beside the tokenizer's checkpoint in the run directory. */
    public static final String CHECKPOINT = "critic-checkpoint.mmt";

    private final Parameters params;
    private final PatchCritic critic;
    private final AdamW optimiser;
    private final double weight;
    private final long warmupUpdates;

    public DecoderCritic(NDManager base, long seed, double weight, long warmupUpdates) {
        if (!(weight > 0)) {
            throw new IllegalArgumentException("the critic's weight in the decoder's loss must be positive, got " + weight);
        }
        this.params = new Parameters(base, seed);
        this.critic = new PatchCritic(params);
        this.optimiser = new AdamW(params, new AdamW.Config(0.5, 0.9, 1e-8, 0.0, 1.0)); // GAN practice: short momentum
        this.weight = weight;
        this.warmupUpdates = warmupUpdates;
    }

    public Parameters parameters() {
        return params;
    }

    public AdamW optimiser() {
        return optimiser;
    }

    /**
     * The decoder's adversarial term for its drawing (B, 3, S, S), to add to its loss inside the decoder's gradient
     * collector; null while the critic warms up. The critic's weights stay out of that backward pass.
     */
    NDArray decoderTerm(NDArray drawn) {
        if (optimiser.steps() < warmupUpdates) {
            return null;
        }
        params.setTrainable(false);
        return PatchCritic.decoderLoss(critic.logits(drawn)).mul((float) weight);
    }

    /** One critic update on real pictures and the decoder's drawing (no gradient to the decoder); returns its hinge loss. */
    double learn(NDArray real, NDArray drawn, double learningRate) {
        params.setTrainable(true);
        double loss;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray hinge = PatchCritic.criticLoss(critic.logits(real), critic.logits(drawn.stopGradient()));
            collector.backward(hinge);
            loss = hinge.getFloat();
        }
        optimiser.step(learningRate);
        return loss;
    }
}
