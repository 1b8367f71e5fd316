package studio.mammoth.model.bench;

import studio.mammoth.common.image.RgbImage;

/** Instruction-based editing, as the ImgEdit-style benchmark sees it: the oracle now, the model later. */
public interface Editor {
    String name();

    /** The edited 64x64 picture. */
    RgbImage edit(EditRequest request);
}
