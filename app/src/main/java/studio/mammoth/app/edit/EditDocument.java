package studio.mammoth.app.edit;

import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleObjectProperty;
import studio.mammoth.app.undo.UndoableCommand;
import studio.mammoth.common.image.RgbImage;

/**
 * What the Edit workspace works on: the current picture (the source of the next edit; an accepted result replaces
 * it, so edits chain) and the painted mask. Every change goes through the commands below, run by the workspace's
 * {@link studio.mammoth.app.undo.CommandHistory}; the canvas redraws on {@link #maskRevision()} and the picture.
 */
final class EditDocument {
    private final ObjectProperty<RgbImage> picture = new SimpleObjectProperty<>(this, "picture");
    private final BrushMask mask = new BrushMask();
    private final ReadOnlyIntegerWrapper maskRevision = new ReadOnlyIntegerWrapper(this, "maskRevision");

    ObjectProperty<RgbImage> picture() {
        return picture;
    }

    BrushMask mask() {
        return mask;
    }

    /** Counts mask changes, so views redraw after a stroke, an undo or a clear. */
    ReadOnlyIntegerProperty maskRevision() {
        return maskRevision.getReadOnlyProperty();
    }

    /** Called after painting into the mask directly (a stroke in progress). */
    void maskChanged() {
        maskRevision.set(maskRevision.get() + 1);
    }

    /** Takes a new picture with an empty mask (open a file, receive one from another workspace). */
    void replace(RgbImage image) {
        mask.write(BrushMask.Area.ALL, new float[BrushMask.RES * BrushMask.RES]);
        picture.set(image);
        maskChanged();
    }

    /** The opacities of part of the mask before and after a change: a stroke, a clear, an invert. */
    final class MaskChange implements UndoableCommand {
        private final String description;
        private final BrushMask.Area area;
        private final float[] before;
        private final float[] after;

        MaskChange(String description, BrushMask.Area area, float[] before, float[] after) {
            this.description = Objects.requireNonNull(description);
            this.area = area;
            this.before = before;
            this.after = after;
        }

        @Override
        public void execute() {
            mask.write(area, after);
            maskChanged();
        }

        @Override
        public void undo() {
            mask.write(area, before);
            maskChanged();
        }

        @Override
        public String description() {
            return description;
        }
    }

    /** Erases the whole mask. */
    MaskChange clearMask() {
        return new MaskChange("Clear mask", BrushMask.Area.ALL, mask.read(BrushMask.Area.ALL), new float[BrushMask.RES * BrushMask.RES]);
    }

    /** Swaps painted and unpainted. */
    MaskChange invertMask() {
        return new MaskChange("Invert mask", BrushMask.Area.ALL, mask.read(BrushMask.Area.ALL), mask.inverted());
    }

    /** An accepted model edit: the result becomes the picture (and the source of the next edit). */
    final class AcceptEdit implements UndoableCommand {
        private final String instruction;
        private final RgbImage before;
        private final RgbImage after;

        AcceptEdit(String instruction, RgbImage before, RgbImage after) {
            this.instruction = instruction;
            this.before = before;
            this.after = after;
        }

        @Override
        public void execute() {
            picture.set(after);
        }

        @Override
        public void undo() {
            picture.set(before);
        }

        @Override
        public String description() {
            return "Edit “" + instruction + "”";
        }
    }
}
