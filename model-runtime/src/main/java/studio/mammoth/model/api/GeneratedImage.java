package studio.mammoth.model.api;

import studio.mammoth.common.image.RgbImage;

/** One result with everything needed to reproduce it (what the PNG text chunks carry). */
public record GeneratedImage(RgbImage image, String prompt, long seed, int steps, double guidance, String modelId) {
}
