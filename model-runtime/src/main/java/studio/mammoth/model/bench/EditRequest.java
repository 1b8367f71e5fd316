package studio.mammoth.model.bench;

import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.world.PixelMask;

/**
 * What an editor is given: the source picture, the instruction, the region it may change (the brush), and a seed.
 */
public record EditRequest(RgbImage source, String instruction, PixelMask region, long seed) {
}
