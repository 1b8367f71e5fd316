package studio.mammoth.model.dit;

import ai.djl.ndarray.NDArray;

/**
 * The source picture of an edit as the DiT sees it: its latents become in-context reference tokens, and the brush mask
 * tells every token which cells may change.
 *
 * @param latents (B, latentDim, G, G) the source's continuous latents
 * @param region  (B * G*G) per cell the fraction of its pixels inside the brush mask; all 0 when no mask is given
 * @param masked  per sample: a brush mask was given (false: the model decides where to edit)
 * @param dropped per sample: the reference tokens are hidden (the image-unconditional branch of dual guidance,
 *                reference dropout in training); the mask still applies
 */
public record Reference(NDArray latents, float[] region, boolean[] masked, boolean[] dropped) {
    public int batch() {
        return masked.length;
    }
}
