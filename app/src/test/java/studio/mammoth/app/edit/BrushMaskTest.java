package studio.mammoth.app.edit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import studio.mammoth.app.undo.CommandHistory;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.world.PixelMask;

class BrushMaskTest {
    @Test
    void aHardDabCoversTheDiscOfItsRadius() {
        BrushMask mask = new BrushMask();
        mask.dab(32, 32, 4, 0, false);
        PixelMask pixels = mask.toPixelMask();
        assertEquals(Math.PI * 16, pixels.count(), 6, "about the disc's area in pixels");
        assertTrue(pixels.contains(32, 32));
        assertTrue(pixels.contains(29, 32));
        assertFalse(pixels.contains(37, 32));
    }

    @Test
    void featherFadesTheEdgeAndTheModelGetsThePixelsPaintedAtLeastHalf() {
        BrushMask soft = new BrushMask();
        soft.dab(32, 32, 6, 1, false);
        assertEquals(1f, soft.alpha(32 * BrushMask.SCALE, 32 * BrushMask.SCALE), 0.05f, "opaque at the centre");
        float nearRim = soft.alpha((32 + 5) * BrushMask.SCALE, 32 * BrushMask.SCALE);
        assertTrue(nearRim > 0 && nearRim < 0.2f, "faint near the rim: " + nearRim);
        BrushMask hard = new BrushMask();
        hard.dab(32, 32, 6, 0, false);
        int softCount = soft.toPixelMask().count();
        assertTrue(softCount > 0 && softCount < hard.toPixelMask().count(), softCount + " soft vs " + hard.toPixelMask().count() + " hard");
    }

    @Test
    void aFastDragLeavesAContinuousLineAndTheEraserTakesItBack() {
        BrushMask mask = new BrushMask();
        mask.line(5, 10, 60, 10, 1, 0, false);
        PixelMask line = mask.toPixelMask();
        for (int x = 5; x <= 60; x++) {
            assertTrue(line.contains(x, 10), "gap at x=" + x);
        }
        mask.line(0, 10, 64, 10, 3, 0, true);
        assertEquals(0, mask.toPixelMask().count());
    }

    @Test
    void strokesClearInvertAndAcceptedEditsUndoAndRedoExactly() {
        EditDocument doc = new EditDocument();
        RgbImage source = new RgbImage(64, 64);
        doc.replace(source);
        CommandHistory history = new CommandHistory();
        float[] empty = doc.mask().read(BrushMask.Area.ALL);

        float[] before = doc.mask().read(BrushMask.Area.ALL);
        BrushMask.Area area = doc.mask().dab(20, 20, 5, 0.3, false);
        float[] painted = doc.mask().read(BrushMask.Area.ALL);
        int paintedPixels = doc.mask().toPixelMask().count();
        history.execute(doc.new MaskChange("Brush stroke", area, BrushMask.read(before, area), doc.mask().read(area)));
        history.execute(doc.invertMask());
        assertEquals(64 * 64 - paintedPixels, doc.mask().toPixelMask().count(), 8, "inverted");
        history.execute(doc.clearMask());
        assertEquals(0, doc.mask().toPixelMask().count());
        assertEquals("Undo Clear mask", history.undoLabelProperty().get());

        history.undo();
        history.undo();
        assertArrayEquals(painted, doc.mask().read(BrushMask.Area.ALL), "undo of invert restores the stroke exactly");
        history.undo();
        assertArrayEquals(empty, doc.mask().read(BrushMask.Area.ALL));
        history.redo();
        assertArrayEquals(painted, doc.mask().read(BrushMask.Area.ALL));

        RgbImage result = new RgbImage(64, 64);
        result.set(3, 3, 0xFF0000);
        history.execute(doc.new AcceptEdit("make the bag red", source, result));
        assertEquals(result, doc.picture().get());
        assertEquals("Undo Edit “make the bag red”", history.undoLabelProperty().get());
        history.undo();
        assertEquals(source, doc.picture().get());
        history.redo();
        assertEquals(result, doc.picture().get());
    }
}
