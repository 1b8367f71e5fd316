package studio.mammoth.model.tok;

import studio.mammoth.common.image.RgbImage;

/** RgbImage <-> the model's pixel layout: channel-major floats in [-1, 1], (3, H, W) per image. */
public final class Pixels {
    private Pixels() {
    }

    /** Appends one image's (3, H, W) floats into dst at offset. */
    public static void write(RgbImage image, float[] dst, int offset) {
        int n = image.width() * image.height();
        int[] px = image.pixels();
        for (int i = 0; i < n; i++) {
            int c = px[i];
            dst[offset + i] = ((c >> 16) & 0xFF) / 127.5f - 1f;
            dst[offset + n + i] = ((c >> 8) & 0xFF) / 127.5f - 1f;
            dst[offset + 2 * n + i] = (c & 0xFF) / 127.5f - 1f;
        }
    }

    public static float[] of(RgbImage image) {
        float[] out = new float[3 * image.width() * image.height()];
        write(image, out, 0);
        return out;
    }

    /** Reads image number index out of a (B, 3, H, W) float buffer, clamping to the byte range. */
    public static RgbImage read(float[] src, int index, int width, int height) {
        int n = width * height;
        int base = index * 3 * n;
        int[] px = new int[n];
        for (int i = 0; i < n; i++) {
            px[i] = (toByte(src[base + i]) << 16) | (toByte(src[base + n + i]) << 8) | toByte(src[base + 2 * n + i]);
        }
        return new RgbImage(width, height, px);
    }

    private static int toByte(float v) {
        return Math.max(0, Math.min(255, Math.round((v + 1f) * 127.5f)));
    }

    /** Peak signal-to-noise ratio in dB between two same-size images (8-bit scale). */
    public static double psnr(RgbImage a, RgbImage b) {
        int[] x = a.pixels();
        int[] y = b.pixels();
        double se = 0;
        for (int i = 0; i < x.length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                int d = ((x[i] >> shift) & 0xFF) - ((y[i] >> shift) & 0xFF);
                se += d * d;
            }
        }
        double mse = se / (3.0 * x.length);
        return mse == 0 ? 99.0 : 10 * Math.log10(255.0 * 255.0 / mse);
    }
}
