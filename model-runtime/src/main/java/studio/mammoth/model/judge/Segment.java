package studio.mammoth.model.judge;

import studio.mammoth.model.world.Box;

/**
 * One foreground object: its tight box and its pixels (row-major indices into the picture).
 */
public record Segment(Box box, int[] pixels) {
    public int area() {
        return pixels.length;
    }
}
