package studio.mammoth.model.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.judge.Detection;
import studio.mammoth.model.judge.JudgedImage;
import studio.mammoth.model.world.Box;
import studio.mammoth.model.world.EditCategory;
import studio.mammoth.model.world.EditPair;
import studio.mammoth.model.world.EditPairs;
import studio.mammoth.model.world.Garment;
import studio.mammoth.model.world.PixelMask;
import studio.mammoth.model.world.Scene;
import studio.mammoth.model.world.TestWorlds;
import studio.mammoth.model.world.WardrobeWorld;

class EditScorerTest {
    private final WardrobeWorld world = TestWorlds.world();
    private final EditPairs pairs = new EditPairs(world);

    /** What a perfect detector would report for a scene. */
    private static JudgedImage perfect(Scene s) {
        List<Detection> d = new ArrayList<>();
        for (Garment g : s.garments()) {
            d.add(new Detection(g.classIndex(), 0.99, g.box(), g.color(), 50));
        }
        return new JudgedImage(s.background(), d);
    }

    @Test
    void theTargetSceneCompliesAndTheSourceDoesNot() {
        for (EditCategory c : EditCategory.values()) {
            for (long seed = 0; seed < 20; seed++) {
                EditPair pair = pairs.make(c, seed);
                RgbImage source = world.render(pair.source()), target = world.render(pair.target());
                EditScorer.Verdict good = EditScorer.score(pair, source, target, perfect(pair.target()));
                assertTrue(good.success(), c + " " + pair.instruction() + " " + good.reasons());
                assertEquals(EditScorer.PSNR_CAP, good.psnr());
                EditScorer.Verdict unchanged = EditScorer.score(pair, source, source, perfect(pair.source()));
                assertFalse(unchanged.compliant(), c + ": doing nothing must not comply with " + pair.instruction());
            }
        }
    }

    @Test
    void moveMustEndInTheAskedRelation() {
        EditPair pair = pairs.make(EditCategory.MOVE, 3);
        Scene wrong = pair.target().replacing(pair.relation().mover(), pair.source().garments().get(pair.relation().mover()));
        EditScorer.Verdict v = EditScorer.score(pair, world.render(pair.source()), world.render(pair.target()), perfect(wrong));
        assertFalse(v.compliant(), "the right garments in the old place do not make a move");
    }

    @Test
    void psnrCountsOnlyPixelsOutsideTheRegion() {
        RgbImage a = new RgbImage(64, 64);
        RgbImage b = a.copy();
        b.set(10, 10, 0xFFFFFF);
        PixelMask region = PixelMask.ofBoxes(64, 0, new Box(5, 5, 15, 15));
        assertEquals(EditScorer.PSNR_CAP, EditScorer.psnrOutside(a, b, region));
        PixelMask elsewhere = PixelMask.ofBoxes(64, 0, new Box(30, 30, 40, 40));
        // One pixel off by 255 on 3 channels among 4096-100 pixels: MSE = 3*255^2 / (3*3996), PSNR = 10 log10(3996) = 36.0 dB.
        assertEquals(36.02, EditScorer.psnrOutside(a, b, elsewhere), 0.01);
    }
}
