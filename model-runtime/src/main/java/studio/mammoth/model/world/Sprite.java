package studio.mammoth.model.world;

import studio.mammoth.common.data.FashionMnist;

/**
 * A Fashion-MNIST exemplar scaled (bilinear) to size x size: the shade of each drawn pixel, and the tight box of the
 * drawn pixels relative to the square. A pixel is drawn when its scaled intensity reaches {@link #THRESHOLD}; below it is
 * background, so every drawn pixel is a clean shade of the garment's color.
 */
final class Sprite {
    static final double THRESHOLD = 24 / 255.0;

    final int size;
    /** Shade in [THRESHOLD, 1] per pixel of the square, row-major; 0 where nothing is drawn. */
    final float[] shade;
    final int x0;
    final int y0;
    final int x1;
    final int y1;

    private Sprite(int size, float[] shade, int x0, int y0, int x1, int y1) {
        this.size = size;
        this.shade = shade;
        this.x0 = x0;
        this.y0 = y0;
        this.x1 = x1;
        this.y1 = y1;
    }

    static Sprite of(FashionMnist.Split split, int exemplar, int size) {
        float[] shade = new float[size * size];
        double scale = FashionMnist.SIDE / (double) size;
        int minX = size, minY = size, maxX = -1, maxY = -1;
        int base = exemplar * FashionMnist.PIXELS;
        byte[] images = split.images();
        for (int v = 0; v < size; v++) {
            double sy = (v + 0.5) * scale - 0.5;
            int iy = (int) Math.floor(sy);
            double fy = sy - iy;
            for (int u = 0; u < size; u++) {
                double sx = (u + 0.5) * scale - 0.5;
                int ix = (int) Math.floor(sx);
                double fx = sx - ix;
                double value = (1 - fy) * ((1 - fx) * at(images, base, ix, iy) + fx * at(images, base, ix + 1, iy))
                        + fy * ((1 - fx) * at(images, base, ix, iy + 1) + fx * at(images, base, ix + 1, iy + 1));
                double s = value / 255.0;
                if (s >= THRESHOLD) {
                    shade[v * size + u] = (float) s;
                    minX = Math.min(minX, u);
                    maxX = Math.max(maxX, u);
                    minY = Math.min(minY, v);
                    maxY = Math.max(maxY, v);
                }
            }
        }
        if (maxX < 0) {
            throw new IllegalArgumentException("exemplar " + exemplar + " draws nothing at size " + size);
        }
        return new Sprite(size, shade, minX, minY, maxX + 1, maxY + 1);
    }

    private static int at(byte[] images, int base, int x, int y) {
        if (x < 0 || y < 0 || x >= FashionMnist.SIDE || y >= FashionMnist.SIDE) {
            return 0;
        }
        return images[base + y * FashionMnist.SIDE + x] & 0xFF;
    }

    /** The tight box when the square's corner is at (x, y). */
    Box box(int x, int y) {
        return new Box(x + x0, y + y0, x + x1, y + y1);
    }
}
