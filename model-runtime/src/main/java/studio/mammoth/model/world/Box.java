package studio.mammoth.model.world;

/**
 * An axis-aligned pixel box, GenEval's [x0, y0, x1, y1] with exclusive ends; y points down.
 */
public record Box(int x0, int y0, int x1, int y1) {
    public Box {
        if (x1 <= x0 || y1 <= y0) {
            throw new IllegalArgumentException("empty box " + x0 + "," + y0 + " " + x1 + "," + y1);
        }
    }

    public int width() {
        return x1 - x0;
    }

    public int height() {
        return y1 - y0;
    }

    public double centerX() {
        return (x0 + x1) / 2.0;
    }

    public double centerY() {
        return (y0 + y1) / 2.0;
    }

    public Box translate(int dx, int dy) {
        return new Box(x0 + dx, y0 + dy, x1 + dx, y1 + dy);
    }

    /** Whether the two boxes come closer than {@code gap} pixels on both axes (so they touch or overlap). */
    public boolean within(Box other, int gap) {
        return x0 < other.x1 + gap && other.x0 < x1 + gap && y0 < other.y1 + gap && other.y0 < y1 + gap;
    }

    public boolean contains(int x, int y) {
        return x >= x0 && x < x1 && y >= y0 && y < y1;
    }

    public boolean insideImage(int side, int margin) {
        return x0 >= margin && y0 >= margin && x1 <= side - margin && y1 <= side - margin;
    }
}
