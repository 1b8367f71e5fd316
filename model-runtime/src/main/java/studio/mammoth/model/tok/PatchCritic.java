package studio.mammoth.model.tok;

import ai.djl.ndarray.NDArray;
import studio.mammoth.model.nn.Conv2d;
import studio.mammoth.model.nn.Parameters;

/**
 * The adversarial critic of MammothTok's decoder (VQGAN's patch discriminator, scaled down): pixels (B, 3, 64, 64) ->
 * logits (B, 1, 8, 8), one per latent cell, each seeing its cell and the neighbours' edges. Squared error is smallest
 * for the mean of every picture a latent could stand for, so an MSE decoder draws small garments as soft blobs the judge
 * cannot name; the critic tells drawn cells from real ones and charges the decoder for that softness. The critic learns
 * by the hinge loss; the decoder by the non-saturating one, whose gradient stays bounded however sure the critic is.
 */
public final class PatchCritic {
    private static final float LEAK = 0.2f;

    private final Conv2d down1;
    private final Conv2d down2;
    private final Conv2d down3;
    private final Conv2d verdict;

    public PatchCritic(Parameters p) {
        down1 = Conv2d.conv(p, "critic.down1", 3, 32, 4, 2, 1);
        down2 = Conv2d.conv(p, "critic.down2", 32, 64, 4, 2, 1);
        down3 = Conv2d.conv(p, "critic.down3", 64, 128, 4, 2, 1);
        verdict = Conv2d.conv(p, "critic.verdict", 128, 1, 3, 1, 1);
    }

    /** Pixels (B, 3, 64, 64) in [-1, 1] -> (B, 1, 8, 8): positive = looks real. */
    public NDArray logits(NDArray pixels) {
        NDArray h = leaky(down1.forward(pixels)); // (B, 32, 32, 32)
        h = leaky(down2.forward(h));              // (B, 64, 16, 16)
        h = leaky(down3.forward(h));              // (B, 128, 8, 8)
        return verdict.forward(h);
    }

    /** The critic's hinge loss: real logits pushed above 1, drawn ones below -1. */
    public static NDArray criticLoss(NDArray realLogits, NDArray drawnLogits) {
        return realLogits.neg().add(1f).getNDArrayInternal().relu().mean()
                .add(drawnLogits.add(1f).getNDArrayInternal().relu().mean());
    }

    /** The decoder's side: -log sigmoid(verdict) on what it draws, lower as the critic's verdict on it rises. */
    public static NDArray decoderLoss(NDArray drawnLogits) {
        return drawnLogits.neg().getNDArrayInternal().softPlus().mean();
    }

    private static NDArray leaky(NDArray x) {
        return x.getNDArrayInternal().leakyRelu(LEAK);
    }
}
