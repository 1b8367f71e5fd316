package studio.mammoth.model.ar;

/**
 * How the plan is sampled.
 *
 * @param guidance    classifier-free guidance on the code logits: uncond + s (cond - uncond); 1 = off
 * @param temperature divides the logits; lower = safer plans
 * @param topK        keep only the k most likely codes (0 = all)
 */
public record SamplingSettings(double guidance, double temperature, int topK) {
    public SamplingSettings {
        if (guidance < 0 || temperature <= 0 || topK < 0) {
            throw new IllegalArgumentException("guidance >= 0, temperature > 0 and top-k >= 0 are required");
        }
    }

    public static SamplingSettings standard() {
        return new SamplingSettings(3.0, 0.8, 32);
    }
}
