package studio.mammoth.model.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.world.Box;
import studio.mammoth.model.world.Garment;
import studio.mammoth.model.world.Scene;
import studio.mammoth.model.world.TestWorlds;
import studio.mammoth.model.world.WardrobeColor;
import studio.mammoth.model.world.WardrobeWorld;

/** Segmentation and color naming on ground-truth renders must be exact: one object per garment, its box, its color. */
class SegmenterTest {
    private final WardrobeWorld world = TestWorlds.world();

    @Test
    void findsEveryGarmentWithItsExactBoxAndColor() {
        int garments = 0, exact = 0;
        for (long seed = 0; seed < 400; seed++) {
            Scene scene = world.sample(seed);
            RgbImage image = world.render(scene);
            Segmenter.Result r = Segmenter.segment(image);
            assertEquals(scene.background().background(), r.background());
            assertEquals(scene.background(), ColorNamer.nameBackground(r.background()));
            List<Garment> truth = new ArrayList<>(scene.garments());
            truth.sort(Comparator.comparingInt((Garment g) -> g.box().x0()).thenComparingInt(g -> g.box().y0()));
            List<Segment> found = new ArrayList<>(r.segments());
            found.sort(Comparator.comparingInt((Segment s) -> s.box().x0()).thenComparingInt(s -> s.box().y0()));
            garments += truth.size();
            if (found.size() != truth.size()) {
                continue;
            }
            for (int i = 0; i < truth.size(); i++) {
                boolean same = truth.get(i).box().equals(found.get(i).box())
                        && ColorNamer.name(image, found.get(i)) == truth.get(i).color();
                exact += same ? 1 : 0;
            }
        }
        // Fashion-MNIST sandals are strappy: a few split into pieces further apart than the merge gap. Curation drops
        // those exemplars from the worlds the benchmarks use; on the raw split almost every garment is found exactly.
        assertTrue(exact >= garments * 0.98, exact + " of " + garments + " garments found exactly");
    }

    @Test
    void colorNamingIgnoresShading() {
        for (WardrobeColor c : WardrobeColor.values()) {
            for (double from = 0.1; from < 1; from += 0.2) {
                int[] px = new int[64 * 64];
                WardrobeColor bg = c == WardrobeColor.WHITE ? WardrobeColor.BLACK : WardrobeColor.WHITE;
                java.util.Arrays.fill(px, bg.background());
                for (int y = 20; y < 30; y++) {
                    for (int x = 20; x < 30; x++) {
                        px[y * 64 + x] = c.shade(Math.min(1, from + (x - 20) * 0.02));
                    }
                }
                Segmenter.Result r = Segmenter.segment(new RgbImage(64, 64, px));
                assertEquals(1, r.segments().size());
                assertEquals(new Box(20, 20, 30, 30), r.segments().get(0).box());
                assertEquals(c, ColorNamer.name(new RgbImage(64, 64, px), r.segments().get(0)), "shade from " + from);
            }
        }
    }

    @Test
    void toleratesNoiseAndDropsSpecks() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        Scene scene = world.sample(3);
        RgbImage image = world.render(scene);
        int[] px = image.pixels().clone();
        for (int i = 0; i < px.length; i++) {
            int r = clamp((px[i] >> 16 & 0xFF) + rng.nextInt(-20, 21)), g = clamp((px[i] >> 8 & 0xFF) + rng.nextInt(-20, 21)),
                    b = clamp((px[i] & 0xFF) + rng.nextInt(-20, 21));
            px[i] = r << 16 | g << 8 | b;
        }
        px[0] = 0xFFFFFF - scene.background().background(); // a one-pixel speck in the corner
        RgbImage noisy = new RgbImage(64, 64, px);
        Segmenter.Result r = Segmenter.segment(noisy);
        assertEquals(scene.garments().size(), r.segments().size());
        for (Segment s : r.segments()) {
            Garment nearest = scene.garments().stream().filter(g -> g.box().within(s.box(), 0)).findFirst().orElseThrow();
            assertEquals(nearest.color(), ColorNamer.name(noisy, s));
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
