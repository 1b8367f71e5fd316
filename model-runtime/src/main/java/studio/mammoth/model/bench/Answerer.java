package studio.mammoth.model.bench;

import studio.mammoth.common.image.RgbImage;

/** Question answering about a picture, as the VQA benchmark sees it: short answers ("yes", "two", "red", "left of"). */
public interface Answerer {
    String name();

    String answer(RgbImage image, String question);
}
