package studio.mammoth.model.train;

import studio.mammoth.common.image.RgbImage;

/** Where training pairs come from: the wardrobe world, or a user's folder (--data DIR). Deterministic in the index. */
public interface TrainingExamples {
    record Example(String caption, RgbImage image) {
    }

    String name();

    /** Example number index; sources that are finite wrap around. */
    Example example(long index);

    /** The words captions may use (the text tokenizer's vocabulary). */
    java.util.List<String> vocabulary();
}
