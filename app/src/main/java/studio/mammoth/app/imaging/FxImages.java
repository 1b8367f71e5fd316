package studio.mammoth.app.imaging;

import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import studio.mammoth.common.image.RgbImage;

/** {@link RgbImage} to JavaFX. */
public final class FxImages {
    private FxImages() {
    }

    /**
     * The picture enlarged by an integer factor with nearest-neighbour replication, so a 64x64 render or an 8x8-code
     * plan preview stays crisp at any size (ImageView smoothing would blur it, and turning smoothing off is not
     * honoured by every pipeline).
     */
    public static WritableImage toFx(RgbImage image, int scale) {
        int w = image.width();
        int h = image.height();
        int[] src = image.pixels();
        int[] out = new int[w * scale * h * scale];
        for (int y = 0; y < h * scale; y++) {
            int row = (y / scale) * w;
            for (int x = 0; x < w * scale; x++) {
                out[y * w * scale + x] = 0xFF000000 | src[row + x / scale];
            }
        }
        WritableImage fx = new WritableImage(w * scale, h * scale);
        fx.getPixelWriter().setPixels(0, 0, w * scale, h * scale, PixelFormat.getIntArgbInstance(), out, 0, w * scale);
        return fx;
    }
}
