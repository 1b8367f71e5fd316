package studio.mammoth.app.edit;

import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import studio.mammoth.app.imaging.FxImages;
import studio.mammoth.app.undo.UndoableCommand;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.world.PixelMask;

/**
 * The zoomable picture with the painted mask over it, outlined where the model's hard 64x64 mask runs. Dragging
 * paints with the brush or the eraser; each stroke
 * becomes one undoable step when the button is released. While a result is staged, the canvas shows the picture
 * before the edit left of the split and the result right of it, and dragging moves the split instead of painting.
 */
final class EditCanvas extends StackPane {
    enum Tool {
        BRUSH("Brush stroke"), ERASER("Eraser stroke");

        final String stroke;

        Tool(String stroke) {
            this.stroke = stroke;
        }
    }

    static final int MIN_ZOOM = 2;
    static final int MAX_ZOOM = 12;
    /** Magenta: stands out on the world's garments and backgrounds alike. */
    private static final int OVERLAY_RGB = 0xE0208F;

    private final EditDocument document;
    private final Consumer<UndoableCommand> commit;
    private final Canvas canvas = new Canvas();
    private final IntegerProperty zoom = new SimpleIntegerProperty(this, "zoom", 7);
    private final ObjectProperty<Tool> tool = new SimpleObjectProperty<>(this, "tool", Tool.BRUSH);
    /** Brush radius in picture pixels. */
    private final DoubleProperty brushSize = new SimpleDoubleProperty(this, "brushSize", 4);
    private final DoubleProperty feather = new SimpleDoubleProperty(this, "feather", 0.5);
    private final DoubleProperty overlayOpacity = new SimpleDoubleProperty(this, "overlayOpacity", 0.55);
    private final ObjectProperty<RgbImage> staged = new SimpleObjectProperty<>(this, "staged");
    /** Where before turns into after, 0..1 of the width. */
    private final DoubleProperty split = new SimpleDoubleProperty(this, "split", 0.5);
    private final BooleanProperty paintingAllowed = new SimpleBooleanProperty(this, "paintingAllowed", true);

    private WritableImage pictureFx;
    private WritableImage stagedFx;
    private final WritableImage overlay = new WritableImage(BrushMask.RES, BrushMask.RES);
    private final int[] overlayPixels = new int[BrushMask.RES * BrushMask.RES];
    /** The overlay and the outline follow the mask and the opacity, not every pointer move. */
    private boolean overlayStale = true;
    private PixelMask modelMask;
    private float[] strokeBefore;
    private BrushMask.Area strokeArea;
    private double lastX;
    private double lastY;
    private double pointerX = -1;
    private double pointerY = -1;

    EditCanvas(EditDocument document, Consumer<UndoableCommand> commit) {
        this.document = document;
        this.commit = commit;
        setId("edit-canvas");
        canvas.setId("edit-canvas-surface");
        getChildren().add(canvas);
        getStyleClass().add("edit-canvas");

        document.picture().addListener((o, old, p) -> {
            pictureFx = null;
            redraw();
        });
        staged.addListener((o, old, s) -> {
            stagedFx = null;
            redraw();
        });
        zoom.addListener((o, old, z) -> {
            pictureFx = null;
            stagedFx = null;
            resize();
        });
        document.maskRevision().addListener((o, old, r) -> {
            overlayStale = true;
            redraw();
        });
        overlayOpacity.addListener((o, old, v) -> {
            overlayStale = true;
            redraw();
        });
        split.addListener((o, old, v) -> redraw());
        brushSize.addListener((o, old, v) -> redraw());
        paintingAllowed.addListener((o, old, v) -> redraw());

        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, this::hover);
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> {
            pointerX = -1;
            redraw();
        });
        addEventFilter(ScrollEvent.SCROLL, e -> {
            if (e.isShortcutDown() && e.getDeltaY() != 0) {
                zoom.set(Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, zoom.get() + (e.getDeltaY() > 0 ? 1 : -1))));
                e.consume();
            }
        });
        resize();
    }

    // ---- properties the controls bind to ----

    IntegerProperty zoom() {
        return zoom;
    }

    ObjectProperty<Tool> tool() {
        return tool;
    }

    DoubleProperty brushSize() {
        return brushSize;
    }

    DoubleProperty feather() {
        return feather;
    }

    DoubleProperty overlayOpacity() {
        return overlayOpacity;
    }

    ObjectProperty<RgbImage> staged() {
        return staged;
    }

    DoubleProperty split() {
        return split;
    }

    BooleanProperty paintingAllowed() {
        return paintingAllowed;
    }

    /** The surface the mouse paints on (tests drag across it). */
    Canvas surface() {
        return canvas;
    }

    // ---- input ----

    private double toPicture(double canvasCoordinate) {
        return canvasCoordinate / zoom.get();
    }

    private boolean painting() {
        return paintingAllowed.get() && staged.get() == null && document.picture().get() != null;
    }

    private void pressed(MouseEvent e) {
        requestFocus(); // out of the instruction field, so B and E switch tools again
        if (e.getButton() != MouseButton.PRIMARY) {
            return;
        }
        if (staged.get() != null) {
            moveSplit(e);
            return;
        }
        if (!painting()) {
            return;
        }
        strokeBefore = document.mask().read(BrushMask.Area.ALL);
        lastX = toPicture(e.getX());
        lastY = toPicture(e.getY());
        strokeArea = document.mask().dab(lastX, lastY, brushSize.get(), feather.get(), tool.get() == Tool.ERASER);
        document.maskChanged();
    }

    private void dragged(MouseEvent e) {
        pointerX = e.getX();
        pointerY = e.getY();
        if (staged.get() != null) {
            moveSplit(e);
            return;
        }
        if (strokeBefore == null) {
            return;
        }
        double x = toPicture(e.getX());
        double y = toPicture(e.getY());
        BrushMask.Area changed = document.mask().line(lastX, lastY, x, y, brushSize.get(), feather.get(), tool.get() == Tool.ERASER);
        if (changed != null) {
            strokeArea = changed.union(strokeArea);
        }
        lastX = x;
        lastY = y;
        document.maskChanged();
    }

    /** The stroke is already on the mask; the command records it so undo can take it back and redo put it again. */
    private void released(MouseEvent e) {
        if (strokeBefore == null) {
            return;
        }
        float[] before = strokeBefore;
        strokeBefore = null;
        if (strokeArea != null) {
            commit.accept(document.new MaskChange(tool.get().stroke, strokeArea, BrushMask.read(before, strokeArea),
                    document.mask().read(strokeArea)));
        }
        strokeArea = null;
    }

    private void hover(MouseEvent e) {
        pointerX = e.getX();
        pointerY = e.getY();
        redraw();
    }

    private void moveSplit(MouseEvent e) {
        split.set(Math.max(0, Math.min(1, e.getX() / canvas.getWidth())));
    }

    // ---- drawing ----

    private void resize() {
        double side = BrushMask.SIDE * zoom.get();
        canvas.setWidth(side);
        canvas.setHeight(side);
        setMinSize(side, side);
        setPrefSize(side, side);
        setMaxSize(side, side);
        redraw();
    }

    void redraw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(Color.gray(0.5, 0.15));
        g.fillRect(0, 0, w, h);
        RgbImage picture = document.picture().get();
        if (picture == null) {
            g.setFill(Color.gray(0.45));
            g.setFont(Font.font(14));
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.fillText("Open a picture, drop one here,\nor send one from Create", w / 2, h / 2);
            return;
        }
        if (pictureFx == null) {
            pictureFx = FxImages.toFx(picture, zoom.get());
        }
        g.drawImage(pictureFx, 0, 0);
        RgbImage result = staged.get();
        if (result != null) {
            if (stagedFx == null) {
                stagedFx = FxImages.toFx(result, zoom.get());
            }
            double cut = Math.round(split.get() * w);
            g.drawImage(stagedFx, cut, 0, w - cut, h, cut, 0, w - cut, h);
            g.setStroke(Color.WHITE);
            g.setLineWidth(3);
            g.strokeLine(cut, 0, cut, h);
            g.setStroke(Color.gray(0.1));
            g.setLineWidth(1);
            g.strokeLine(cut, 0, cut, h);
            label(g, "Before", 8, TextAlignment.LEFT);
            label(g, "After", w - 8, TextAlignment.RIGHT);
            return;
        }
        drawOverlay(g, w, h);
        if (painting() && pointerX >= 0) {
            double r = brushSize.get() * zoom.get();
            g.setLineWidth(1.5);
            g.setStroke(Color.WHITE);
            g.strokeOval(pointerX - r, pointerY - r, 2 * r, 2 * r);
            g.setStroke(Color.gray(0.1, 0.8));
            g.setLineWidth(0.75);
            g.strokeOval(pointerX - r - 1, pointerY - r - 1, 2 * r + 2, 2 * r + 2);
        }
    }

    private void drawOverlay(GraphicsContext g, double w, double h) {
        if (overlayStale) {
            BrushMask mask = document.mask();
            double opacity = overlayOpacity.get();
            for (int sy = 0; sy < BrushMask.RES; sy++) {
                for (int sx = 0; sx < BrushMask.RES; sx++) {
                    int a = (int) Math.round(mask.alpha(sx, sy) * opacity * 255);
                    overlayPixels[sy * BrushMask.RES + sx] = (a << 24) | OVERLAY_RGB;
                }
            }
            overlay.getPixelWriter().setPixels(0, 0, BrushMask.RES, BrushMask.RES, PixelFormat.getIntArgbInstance(), overlayPixels, 0,
                    BrushMask.RES);
            modelMask = mask.toPixelMask();
            overlayStale = false;
        }
        g.drawImage(overlay, 0, 0, w, h);
        drawModelMaskOutline(g, modelMask);
    }

    /**
     * The outline of the hard 64x64 mask the model will get, over the soft paint: where a feathered edge ends up, and
     * visible even where the overlay colour matches the garment.
     */
    private void drawModelMaskOutline(GraphicsContext g, PixelMask mask) {
        double z = zoom.get();
        int side = BrushMask.SIDE;
        for (int pass = 0; pass < 2; pass++) {
            g.setStroke(pass == 0 ? Color.gray(0.05, 0.9) : Color.WHITE);
            g.setLineWidth(pass == 0 ? 3 : 1.25);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    if (!mask.contains(x, y)) {
                        continue;
                    }
                    if (y == 0 || !mask.contains(x, y - 1)) {
                        g.strokeLine(x * z, y * z, (x + 1) * z, y * z);
                    }
                    if (y == side - 1 || !mask.contains(x, y + 1)) {
                        g.strokeLine(x * z, (y + 1) * z, (x + 1) * z, (y + 1) * z);
                    }
                    if (x == 0 || !mask.contains(x - 1, y)) {
                        g.strokeLine(x * z, y * z, x * z, (y + 1) * z);
                    }
                    if (x == side - 1 || !mask.contains(x + 1, y)) {
                        g.strokeLine((x + 1) * z, y * z, (x + 1) * z, (y + 1) * z);
                    }
                }
            }
        }
    }

    private static void label(GraphicsContext g, String text, double x, TextAlignment align) {
        g.setFont(Font.font(null, javafx.scene.text.FontWeight.BOLD, 13));
        g.setTextAlign(align);
        g.setTextBaseline(VPos.TOP);
        g.setFill(Color.gray(0, 0.55));
        g.fillText(text, x + 1, 9);
        g.setFill(Color.WHITE);
        g.fillText(text, x, 8);
    }
}
