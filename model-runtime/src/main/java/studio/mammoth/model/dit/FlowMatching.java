package studio.mammoth.model.dit;

import java.util.Random;

/**
 * Rectified-flow training targets as in the paper's code: x_t = t x + (1 - t) noise with t = 1 at the data,
 * velocity target x - noise, t ~ logit-normal then shifted toward noise by {@code shift} (SD3/Flux style,
 * applied to the noise level 1 - t). All sampling is from a java.util.Random, so a step is reproducible.
 */
public record FlowMatching(double shift) {
    /** exp(mu) with mu = 0.5, the paper's value at its smallest resolution (256 latent tokens); we have 64. */
    public static FlowMatching standard() {
        return new FlowMatching(Math.exp(0.5));
    }

    /** One batch of noised inputs and targets, flat in (B, D, G, G) order. */
    public record Sample(float[] t, float[] noisy, float[] velocity) {
    }

    /** Noise level sigma = 1 - t moved toward 1 (more noise) for shift > 1. */
    public double shiftedNoise(double sigma) {
        return shift * sigma / (1 + (shift - 1) * sigma);
    }

    public float sampleTime(Random random) {
        double t = 1 / (1 + Math.exp(-random.nextGaussian()));
        return (float) (1 - shiftedNoise(1 - t));
    }

    public Sample sample(float[] clean, int batch, Random random) {
        int per = clean.length / batch;
        float[] t = new float[batch];
        float[] noisy = new float[clean.length];
        float[] velocity = new float[clean.length];
        for (int b = 0; b < batch; b++) {
            t[b] = sampleTime(random);
            for (int i = b * per; i < (b + 1) * per; i++) {
                float eps = (float) random.nextGaussian();
                noisy[i] = t[b] * clean[i] + (1 - t[b]) * eps;
                velocity[i] = clean[i] - eps;
            }
        }
        return new Sample(t, noisy, velocity);
    }

    /** The Euler grid from noise to data: steps + 1 times, t_0 = 0 ... t_N = 1, with the same shift. */
    public float[] schedule(int steps) {
        float[] t = new float[steps + 1];
        for (int k = 0; k <= steps; k++) {
            t[k] = (float) (1 - shiftedNoise(1 - (double) k / steps));
        }
        return t;
    }
}
