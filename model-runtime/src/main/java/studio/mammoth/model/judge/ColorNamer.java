package studio.mammoth.model.judge;

import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.world.WardrobeColor;

/**
 * Names the color of a detection among the ten GenEval colors. A garment is a range of shades of one color, so each
 * pixel is compared with each color's whole dark-to-light ramp (distance to the nearest shade), not with one swatch;
 * the color with the smallest mean distance over the object's pixels wins. Shading therefore never changes the name.
 */
public final class ColorNamer {
    private ColorNamer() {
    }

    public static WardrobeColor name(RgbImage image, Segment segment) {
        int[] px = image.pixels();
        WardrobeColor best = null;
        double bestDistance = Double.MAX_VALUE;
        for (WardrobeColor c : WardrobeColor.values()) {
            double sum = 0;
            for (int p : segment.pixels()) {
                sum += c.distanceSquared(px[p]);
                if (sum >= bestDistance * segment.area()) {
                    break;
                }
            }
            double mean = sum / segment.area();
            if (mean < bestDistance) {
                bestDistance = mean;
                best = c;
            }
        }
        return best;
    }

    /** The color whose background tone is nearest to {@code rgb}. */
    public static WardrobeColor nameBackground(int rgb) {
        WardrobeColor best = null;
        double bestDistance = Double.MAX_VALUE;
        for (WardrobeColor c : WardrobeColor.values()) {
            int t = c.background();
            double dr = (rgb >> 16 & 0xFF) - (t >> 16 & 0xFF), dg = (rgb >> 8 & 0xFF) - (t >> 8 & 0xFF), db = (rgb & 0xFF) - (t & 0xFF);
            double d = dr * dr + dg * dg + db * db;
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best;
    }
}
