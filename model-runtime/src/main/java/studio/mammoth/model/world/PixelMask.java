package studio.mammoth.model.world;

import java.util.Arrays;
import studio.mammoth.common.image.RgbImage;

/** A set of pixels of a 64x64 picture (an edit region, a detection's pixels), row-major. */
public final class PixelMask {
    private final int side;
    private final boolean[] bits;

    public PixelMask(int side, boolean[] bits) {
        if (bits.length != side * side) {
            throw new IllegalArgumentException("mask of side " + side + " needs " + side * side + " bits");
        }
        this.side = side;
        this.bits = bits;
    }

    /** The boxes grown by {@code grow} pixels on every side, clipped to the picture. */
    public static PixelMask ofBoxes(int side, int grow, Box... boxes) {
        boolean[] bits = new boolean[side * side];
        for (Box b : boxes) {
            for (int y = Math.max(0, b.y0() - grow); y < Math.min(side, b.y1() + grow); y++) {
                for (int x = Math.max(0, b.x0() - grow); x < Math.min(side, b.x1() + grow); x++) {
                    bits[y * side + x] = true;
                }
            }
        }
        return new PixelMask(side, bits);
    }

    /** The pixels whose coverage value (see WardrobeWorld.coverage) equals {@code owner}. */
    public static PixelMask ofCoverage(int side, int[] coverage, int owner) {
        boolean[] bits = new boolean[side * side];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = coverage[i] == owner;
        }
        return new PixelMask(side, bits);
    }

    public int side() {
        return side;
    }

    public boolean contains(int x, int y) {
        return bits[y * side + x];
    }

    public boolean contains(int index) {
        return bits[index];
    }

    /** The edited pixels inside the mask, the source's everywhere else. */
    public RgbImage composite(RgbImage source, RgbImage edited) {
        RgbImage out = source.copy();
        for (int y = 0; y < source.height(); y++) {
            for (int x = 0; x < source.width(); x++) {
                if (contains(x, y)) {
                    out.set(x, y, edited.get(x, y));
                }
            }
        }
        return out;
    }

    public int count() {
        int n = 0;
        for (boolean b : bits) {
            n += b ? 1 : 0;
        }
        return n;
    }

    public PixelMask union(PixelMask other) {
        boolean[] out = bits.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] |= other.bits[i];
        }
        return new PixelMask(side, out);
    }

    public PixelMask inverse() {
        boolean[] out = new boolean[bits.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = !bits[i];
        }
        return new PixelMask(side, out);
    }

    /** Per cell of a grid x grid partition, the fraction of its pixels in the mask, row-major (how the model sees a brush). */
    public float[] cellFractions(int grid) {
        int cell = side / grid;
        float[] out = new float[grid * grid];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                if (bits[y * side + x]) {
                    out[(y / cell) * grid + x / cell] += 1f / (cell * cell);
                }
            }
        }
        return out;
    }

    /** A copy of the bits, row-major. */
    public boolean[] toArray() {
        return bits.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PixelMask m && m.side == side && Arrays.equals(m.bits, bits);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bits);
    }
}
