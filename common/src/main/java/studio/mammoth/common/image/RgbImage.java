package studio.mammoth.common.image;

import java.util.Arrays;

/** A small packed 0xRRGGBB image, the picture type every layer shares (no AWT, no JavaFX). */
public final class RgbImage {
    private final int width;
    private final int height;
    private final int[] rgb;

    public RgbImage(int width, int height) {
        this(width, height, new int[width * height]);
    }

    public RgbImage(int width, int height, int[] rgb) {
        if (width <= 0 || height <= 0 || rgb.length != width * height) {
            throw new IllegalArgumentException("image " + width + "x" + height + " needs " + width * height + " pixels, got " + rgb.length);
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int get(int x, int y) {
        return rgb[y * width + x];
    }

    public void set(int x, int y, int value) {
        rgb[y * width + x] = value & 0xFFFFFF;
    }

    /** The backing array, row-major; callers that write through it own the consequences. */
    public int[] pixels() {
        return rgb;
    }

    public RgbImage copy() {
        return new RgbImage(width, height, rgb.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RgbImage other && other.width == width && other.height == height && Arrays.equals(other.rgb, rgb);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(rgb);
    }
}
