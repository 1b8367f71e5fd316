package studio.mammoth.model.api;

import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.world.PixelMask;

/**
 * Validated parameters of one instruction edit on the unified model.
 *
 * @param source        the picture to edit, exactly {@link #SIDE}x{@link #SIDE} (scaling or cropping is the caller's job)
 * @param instruction   what to change, in the world's words ("make the red bag green")
 * @param mask          the brushed region the edit may change, or null to let the model decide where to edit; with a
 *                      mask, every pixel outside it is returned unchanged
 * @param seed          seed of the plan sampling and of the DiT's starting noise
 * @param steps         Euler steps of the DiT
 * @param textGuidance  dual classifier-free guidance, the instruction's scale: v = u + s_img (r - u) + s_txt (c - r)
 * @param imageGuidance dual classifier-free guidance, the source image's scale (see textGuidance)
 */
public record EditRequest(RgbImage source, String instruction, PixelMask mask, long seed, int steps, double textGuidance,
                          double imageGuidance) {
    public static final int SIDE = 64;
    public static final int DEFAULT_STEPS = 24;
    public static final double DEFAULT_TEXT_GUIDANCE = 3.0;
    public static final double DEFAULT_IMAGE_GUIDANCE = 1.5;

    public EditRequest {
        if (source == null) {
            throw new IllegalArgumentException("no picture to edit");
        }
        if (source.width() != SIDE || source.height() != SIDE) {
            throw new IllegalArgumentException("the picture is " + source.width() + "x" + source.height() + "; the model edits "
                    + SIDE + "x" + SIDE + " pictures (scale or crop it first)");
        }
        if (instruction == null || instruction.isBlank()) {
            throw new IllegalArgumentException("the instruction is empty: say what to change, e.g. \"make the bag green\"");
        }
        if (mask != null && mask.side() != SIDE) {
            throw new IllegalArgumentException("the mask is " + mask.side() + "x" + mask.side() + " but the picture is " + SIDE + "x" + SIDE);
        }
        if (mask != null && mask.count() == 0) {
            throw new IllegalArgumentException("the mask is empty: paint the region to change, or give no mask to let the model decide");
        }
        if (steps < 1 || steps > GenerateRequest.MAX_STEPS) {
            throw new IllegalArgumentException("steps must be 1.." + GenerateRequest.MAX_STEPS + ", got " + steps);
        }
        if (!(textGuidance >= 0 && textGuidance <= 30) || !(imageGuidance >= 0 && imageGuidance <= 30)) {
            throw new IllegalArgumentException("text and image guidance must be 0..30, got " + textGuidance + " and " + imageGuidance);
        }
    }

    /** An edit with the default steps and guidance scales. */
    public static EditRequest of(RgbImage source, String instruction, PixelMask mask, long seed) {
        return new EditRequest(source, instruction, mask, seed, DEFAULT_STEPS, DEFAULT_TEXT_GUIDANCE, DEFAULT_IMAGE_GUIDANCE);
    }
}
