package studio.mammoth.model.api;

import studio.mammoth.model.ar.SamplingSettings;

/**
 * Validated parameters of one generation. Image i of the request uses seed + i, so any single image can be
 * reproduced alone.
 */
public record GenerateRequest(String prompt, long seed, int steps, double guidance, int count, SamplingSettings plan) {
    public static final int MAX_COUNT = 16;
    public static final int MAX_STEPS = 200;
    /** The defaults of every front end (Create, generate, the benchmarks), so a figure and a user's picture match. */
    public static final int DEFAULT_STEPS = 24;
    public static final double DEFAULT_GUIDANCE = 3.0;

    public GenerateRequest {
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("the prompt is empty: describe the picture, e.g. \"a photo of a red bag\"");
        }
        if (steps < 1 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("steps must be 1.." + MAX_STEPS + ", got " + steps);
        }
        if (guidance < 0 || guidance > 30) {
            throw new IllegalArgumentException("guidance must be 0..30, got " + guidance);
        }
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be 1.." + MAX_COUNT + ", got " + count);
        }
        if (plan == null) {
            throw new IllegalArgumentException("plan sampling settings are required");
        }
    }

    public static GenerateRequest of(String prompt, long seed, int steps, double guidance, int count) {
        return new GenerateRequest(prompt, seed, steps, guidance, count, SamplingSettings.standard());
    }

    public long[] seeds() {
        long[] s = new long[count];
        for (int i = 0; i < count; i++) {
            s[i] = seed + i;
        }
        return s;
    }
}
