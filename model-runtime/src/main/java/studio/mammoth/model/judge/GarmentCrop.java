package studio.mammoth.model.judge;

import studio.mammoth.common.data.FashionMnist;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.world.Box;
import studio.mammoth.model.world.WardrobeColor;

/**
 * Turns a detected object back into a Fashion-MNIST-like 28x28 grey picture, the classifier's input: the shade of each
 * object pixel along its named color's ramp (so the color is gone and the shading stays), zero elsewhere, in a square
 * around the box scaled (bilinear) so its long side fills the 28 pixels as in Fashion-MNIST.
 */
public final class GarmentCrop {
    public static final int SIDE = FashionMnist.SIDE;

    private GarmentCrop() {
    }

    /** Writes the 784 values in [0, 1] of the crop into {@code out} at {@code offset}. */
    public static void encode(RgbImage image, Segment segment, WardrobeColor color, float[] out, int offset) {
        int w = image.width(), h = image.height();
        float[] shade = new float[w * h];
        int[] px = image.pixels();
        for (int p : segment.pixels()) {
            shade[p] = (float) color.shadeOf(px[p]);
        }
        Box b = segment.box();
        double side = Math.max(b.width(), b.height());
        double left = b.centerX() - side / 2, top = b.centerY() - side / 2;
        double step = side / SIDE;
        for (int v = 0; v < SIDE; v++) {
            double sy = top + (v + 0.5) * step - 0.5;
            int iy = (int) Math.floor(sy);
            double fy = sy - iy;
            for (int u = 0; u < SIDE; u++) {
                double sx = left + (u + 0.5) * step - 0.5;
                int ix = (int) Math.floor(sx);
                double fx = sx - ix;
                double value = (1 - fy) * ((1 - fx) * at(shade, w, h, ix, iy) + fx * at(shade, w, h, ix + 1, iy))
                        + fy * ((1 - fx) * at(shade, w, h, ix, iy + 1) + fx * at(shade, w, h, ix + 1, iy + 1));
                out[offset + v * SIDE + u] = (float) value;
            }
        }
    }

    private static float at(float[] shade, int w, int h, int x, int y) {
        return x < 0 || y < 0 || x >= w || y >= h ? 0f : shade[y * w + x];
    }
}
