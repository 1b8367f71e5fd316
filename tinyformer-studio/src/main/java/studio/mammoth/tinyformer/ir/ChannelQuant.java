package studio.mammoth.tinyformer.ir;

/**
 * Per-output-channel integer parameters of a weighted layer: int32 bias (|bias| <= 2^30) and the requantisation
 * pair (multiplier, shift) of {@code in_scale * w_scale[r] / out_scale}.
 */
public record ChannelQuant(int[] bias, int[] multiplier, int[] shift) {

    public ChannelQuant {
        if (bias.length != multiplier.length || bias.length != shift.length) {
            throw new IllegalArgumentException("bias, multiplier and shift need one entry per channel");
        }
    }

    public int channels() {
        return bias.length;
    }
}
