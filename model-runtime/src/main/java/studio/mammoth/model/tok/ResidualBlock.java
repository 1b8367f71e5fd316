package studio.mammoth.model.tok;

import ai.djl.ndarray.NDArray;
import studio.mammoth.model.nn.Conv2d;
import studio.mammoth.model.nn.Parameters;

/** x + conv(gelu(conv(gelu(x)))), two 3x3 convolutions at constant width: decoder depth without changing the size. */
final class ResidualBlock {
    private final Conv2d first;
    private final Conv2d second;

    private ResidualBlock(Parameters p, String name, int channels) {
        first = Conv2d.conv(p, name + ".conv1", channels, channels, 3, 1, 1);
        second = Conv2d.zeroed(p, name + ".conv2", channels, channels, 3, 1, 1);
    }

    /** {@code count} blocks named name.0, name.1, ... */
    static ResidualBlock[] stack(Parameters p, String name, int channels, int count) {
        ResidualBlock[] blocks = new ResidualBlock[count];
        for (int i = 0; i < count; i++) {
            blocks[i] = new ResidualBlock(p, name + "." + i, channels);
        }
        return blocks;
    }

    /** The blocks in turn; (B, C, H, W) -> (B, C, H, W). */
    static NDArray apply(ResidualBlock[] blocks, NDArray x) {
        for (ResidualBlock b : blocks) {
            x = x.add(b.second.forward(MammothTok.gelu(b.first.forward(MammothTok.gelu(x)))));
        }
        return x;
    }
}
