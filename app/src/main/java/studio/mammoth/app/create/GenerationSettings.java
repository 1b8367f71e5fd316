package studio.mammoth.app.create;

import java.util.Map;
import java.util.Optional;
import studio.mammoth.model.api.GenerateRequest;
import studio.mammoth.model.api.GeneratedImage;
import studio.mammoth.model.api.PngText;

/** What the Create controls hold and what a product PNG's text chunks give back ({@link PngText#settings}). */
record GenerationSettings(String prompt, long seed, int steps, double guidance, int count) {
    static final int DEFAULT_STEPS = GenerateRequest.DEFAULT_STEPS;
    static final double DEFAULT_GUIDANCE = GenerateRequest.DEFAULT_GUIDANCE;

    static GenerationSettings of(GeneratedImage image) {
        return new GenerationSettings(image.prompt(), image.seed(), image.steps(), image.guidance(), 1);
    }

    /**
     * The settings stored in a PNG's text chunks, or empty when the picture was not made by this product
     * (no prompt or seed, or numbers that do not parse).
     */
    static Optional<GenerationSettings> fromText(Map<String, String> text) {
        String prompt = text.get("prompt");
        String seed = text.get("seed");
        if (prompt == null || seed == null) {
            return Optional.empty();
        }
        try {
            int steps = text.containsKey("steps") ? Integer.parseInt(text.get("steps")) : DEFAULT_STEPS;
            double guidance = text.containsKey("guidance") ? Double.parseDouble(text.get("guidance")) : DEFAULT_GUIDANCE;
            return Optional.of(new GenerationSettings(prompt, Long.parseLong(seed), steps, guidance, 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    GenerateRequest request() {
        return GenerateRequest.of(prompt, seed, steps, guidance, count);
    }
}
