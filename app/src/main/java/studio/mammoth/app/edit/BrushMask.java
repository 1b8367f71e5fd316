package studio.mammoth.app.edit;

import studio.mammoth.model.world.PixelMask;

/**
 * The painted mask: an opacity per sub-pixel, {@value #SCALE}x{@value #SCALE} of them per picture pixel, so a feathered
 * brush edge is drawn smoothly on the zoomed canvas. The model receives a hard 64x64 {@link PixelMask}: a picture
 * pixel is edited when its sub-pixels' mean opacity reaches one half ({@link #toPixelMask()}).
 *
 * <p>Coordinates of dabs are in picture pixels (0..64, fractions allowed); {@link Area} is in sub-pixels.
 */
final class BrushMask {
    static final int SIDE = 64;
    static final int SCALE = 4;
    static final int RES = SIDE * SCALE;

    /** A rectangle of sub-pixels, x1 and y1 exclusive. */
    record Area(int x0, int y0, int x1, int y1) {
        static final Area ALL = new Area(0, 0, RES, RES);

        int width() {
            return x1 - x0;
        }

        int height() {
            return y1 - y0;
        }

        Area union(Area o) {
            return o == null ? this : new Area(Math.min(x0, o.x0), Math.min(y0, o.y0), Math.max(x1, o.x1), Math.max(y1, o.y1));
        }
    }

    private final float[] alpha = new float[RES * RES];

    /** Opacity of one sub-pixel, 0..1. */
    float alpha(int sx, int sy) {
        return alpha[sy * RES + sx];
    }

    /**
     * Paints (or erases) one round dab.
     *
     * @param radius  in picture pixels
     * @param feather 0 = hard edge, 1 = opacity falls off from the centre to the rim
     * @return the sub-pixels it may have changed, or null when the dab lies outside the picture
     */
    Area dab(double cx, double cy, double radius, double feather, boolean erase) {
        int x0 = Math.max(0, (int) Math.floor((cx - radius) * SCALE));
        int y0 = Math.max(0, (int) Math.floor((cy - radius) * SCALE));
        int x1 = Math.min(RES, (int) Math.ceil((cx + radius) * SCALE) + 1);
        int y1 = Math.min(RES, (int) Math.ceil((cy + radius) * SCALE) + 1);
        if (x0 >= x1 || y0 >= y1) {
            return null;
        }
        double solid = radius * (1 - feather); // inside this the dab is fully opaque
        for (int sy = y0; sy < y1; sy++) {
            for (int sx = x0; sx < x1; sx++) {
                double d = Math.hypot((sx + 0.5) / SCALE - cx, (sy + 0.5) / SCALE - cy);
                float a;
                if (d <= solid) {
                    a = 1f;
                } else if (d >= radius) {
                    continue;
                } else {
                    double t = (radius - d) / (radius - solid);
                    a = (float) (t * t * (3 - 2 * t)); // smoothstep: no visible ring where the falloff starts
                }
                int i = sy * RES + sx;
                alpha[i] = erase ? Math.min(alpha[i], 1 - a) : Math.max(alpha[i], a);
            }
        }
        return new Area(x0, y0, x1, y1);
    }

    /** Dabs along a segment, close enough together that a fast drag leaves a continuous line. */
    Area line(double xa, double ya, double xb, double yb, double radius, double feather, boolean erase) {
        double length = Math.hypot(xb - xa, yb - ya);
        double spacing = Math.max(0.25, radius / 4);
        int n = Math.max(1, (int) Math.ceil(length / spacing));
        Area changed = null;
        for (int i = 0; i <= n; i++) {
            double t = (double) i / n;
            Area a = dab(xa + t * (xb - xa), ya + t * (yb - ya), radius, feather, erase);
            if (a != null) {
                changed = a.union(changed);
            }
        }
        return changed;
    }

    /** A copy of the opacities inside the area, row by row. */
    float[] read(Area area) {
        return read(alpha, area);
    }

    /** The area of a whole-mask copy (what the mask held when a stroke began). */
    static float[] read(float[] whole, Area area) {
        float[] out = new float[area.width() * area.height()];
        for (int y = 0; y < area.height(); y++) {
            System.arraycopy(whole, (area.y0() + y) * RES + area.x0(), out, y * area.width(), area.width());
        }
        return out;
    }

    void write(Area area, float[] values) {
        for (int y = 0; y < area.height(); y++) {
            System.arraycopy(values, y * area.width(), alpha, (area.y0() + y) * RES + area.x0(), area.width());
        }
    }

    /** The opacities of the whole mask with every sub-pixel inverted, for the invert command. */
    float[] inverted() {
        float[] out = new float[alpha.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = 1 - alpha[i];
        }
        return out;
    }

    /** The 64x64 mask the model gets: a pixel is in when its sub-pixels are at least half painted on average. */
    PixelMask toPixelMask() {
        boolean[] bits = new boolean[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                float sum = 0;
                for (int sy = 0; sy < SCALE; sy++) {
                    for (int sx = 0; sx < SCALE; sx++) {
                        sum += alpha[(y * SCALE + sy) * RES + x * SCALE + sx];
                    }
                }
                bits[y * SIDE + x] = sum >= 0.5f * SCALE * SCALE;
            }
        }
        return new PixelMask(SIDE, bits);
    }
}
