package studio.mammoth.model.world;

import java.util.Locale;

/**
 * The ten GenEval colors. A garment is tinted along a ramp from a dark to a light tone of its color, indexed by the
 * Fashion-MNIST intensity, so the garment keeps its shading; a background is one flat tone of the same ramp.
 * The ramps are chosen so that no two come close to each other (a crop's color is the ramp nearest to its pixels)
 * and so the judge can tell which colors may lie on which backgrounds ({@link #visibleOn}).
 */
public enum WardrobeColor {
    RED(0x8C0C0C, 0xF0332B),
    ORANGE(0xC85A00, 0xFFA41E),
    YELLOW(0x9C9100, 0xFFF03C),
    GREEN(0x005A14, 0x3CD246),
    BLUE(0x0A1E82, 0x3C78FF),
    PURPLE(0x4A0A6E, 0xA846DC),
    PINK(0xC05A8C, 0xFFB4DC),
    BROWN(0x643714, 0xA86A3A),
    BLACK(0x050505, 0x3C3C3C),
    WHITE(0xAFAFAF, 0xFFFFFF);

    /** Smallest per-channel difference between any shade of a garment and its background. */
    public static final int MIN_CONTRAST = 90;

    private final int dark;
    private final int light;

    WardrobeColor(int dark, int light) {
        this.dark = dark;
        this.light = light;
    }

    /** The English word, as in prompts ("red"). */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The color named {@code word}, or null. */
    public static WardrobeColor ofWord(String word) {
        for (WardrobeColor c : values()) {
            if (c.word().equals(word)) {
                return c;
            }
        }
        return null;
    }

    public int dark() {
        return dark;
    }

    public int light() {
        return light;
    }

    /** The packed RGB of shade s in [0, 1] (0 = the darkest fold of the garment, 1 = its brightest highlight). */
    public int shade(double s) {
        return (lerp(dark >> 16, light >> 16, s) << 16) | (lerp((dark >> 8) & 0xFF, (light >> 8) & 0xFF, s) << 8)
                | lerp(dark & 0xFF, light & 0xFF, s);
    }

    /** The flat tone used when this color is the background. */
    public int background() {
        return shade(0.8);
    }

    /** Whether every shade of a garment of this color differs from {@code background}'s tone by MIN_CONTRAST on some channel. */
    public boolean visibleOn(WardrobeColor background) {
        int bg = background.background();
        for (int i = 0; i <= 20; i++) {
            if (maxChannelDifference(shade(i / 20.0), bg) < MIN_CONTRAST) {
                return false;
            }
        }
        return true;
    }

    /** Position of an RGB pixel along this ramp, clamped to [0, 1]: the garment's shading recovered from a tinted pixel. */
    public double shadeOf(int rgb) {
        double[] d = direction();
        double px = (rgb >> 16 & 0xFF) - (dark >> 16), py = (rgb >> 8 & 0xFF) - (dark >> 8 & 0xFF), pz = (rgb & 0xFF) - (dark & 0xFF);
        double t = (px * d[0] + py * d[1] + pz * d[2]) / (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
        return Math.max(0, Math.min(1, t));
    }

    /** Squared euclidean distance from an RGB pixel to the nearest shade of this ramp. */
    public double distanceSquared(int rgb) {
        int nearest = shade(shadeOf(rgb));
        int dr = (rgb >> 16 & 0xFF) - (nearest >> 16 & 0xFF), dg = (rgb >> 8 & 0xFF) - (nearest >> 8 & 0xFF), db = (rgb & 0xFF) - (nearest & 0xFF);
        return dr * dr + dg * dg + db * db;
    }

    private double[] direction() {
        return new double[] {(light >> 16) - (dark >> 16), (light >> 8 & 0xFF) - (dark >> 8 & 0xFF), (light & 0xFF) - (dark & 0xFF)};
    }

    static int maxChannelDifference(int a, int b) {
        return Math.max(Math.abs((a >> 16 & 0xFF) - (b >> 16 & 0xFF)),
                Math.max(Math.abs((a >> 8 & 0xFF) - (b >> 8 & 0xFF)), Math.abs((a & 0xFF) - (b & 0xFF))));
    }

    private static int lerp(int a, int b, double s) {
        return (int) Math.round(a + (b - a) * s);
    }
}
