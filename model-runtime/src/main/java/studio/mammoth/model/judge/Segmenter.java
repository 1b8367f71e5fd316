package studio.mammoth.model.judge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.world.Box;
import studio.mammoth.model.world.WardrobeColor;

/**
 * Foreground/background segmentation for pictures on a plain background: the background tone is the per-channel median
 * of the border pixels; a pixel is foreground when some channel differs from it by more than half the world's minimum
 * garment contrast; objects are the 8-connected components of foreground, and components whose boxes come within
 * {@link #MERGE_GAP} pixels are one object (a sandal's straps, a bag's handle). Specks smaller than {@link #MIN_AREA}
 * pixels are noise.
 */
public final class Segmenter {
    public static final int THRESHOLD = WardrobeColor.MIN_CONTRAST / 2;
    public static final int MIN_AREA = 8;
    /** Below the world's gap between garments, so two garments never merge. */
    public static final int MERGE_GAP = 2;

    /** The segmentation of one picture: the estimated background tone and the objects, largest first. */
    public record Result(int background, List<Segment> segments) {
    }

    private Segmenter() {
    }

    public static Result segment(RgbImage image) {
        int w = image.width(), h = image.height();
        int background = borderMedian(image);
        int[] px = image.pixels();
        boolean[] fg = new boolean[w * h];
        for (int i = 0; i < fg.length; i++) {
            fg[i] = maxChannelDifference(px[i], background) > THRESHOLD;
        }
        int[] label = new int[w * h];
        Arrays.fill(label, -1);
        List<int[]> components = new ArrayList<>();
        List<int[]> bounds = new ArrayList<>();
        int[] stack = new int[w * h];
        for (int start = 0; start < fg.length; start++) {
            if (!fg[start] || label[start] >= 0) {
                continue;
            }
            int id = components.size();
            int top = 0, n = 0;
            int[] members = new int[16];
            int x0 = w, y0 = h, x1 = -1, y1 = -1;
            stack[top++] = start;
            label[start] = id;
            while (top > 0) {
                int p = stack[--top];
                if (n == members.length) {
                    members = Arrays.copyOf(members, n * 2);
                }
                members[n++] = p;
                int x = p % w, y = p / w;
                x0 = Math.min(x0, x);
                x1 = Math.max(x1, x);
                y0 = Math.min(y0, y);
                y1 = Math.max(y1, y);
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx, ny = y + dy;
                        if (nx >= 0 && ny >= 0 && nx < w && ny < h) {
                            int q = ny * w + nx;
                            if (fg[q] && label[q] < 0) {
                                label[q] = id;
                                stack[top++] = q;
                            }
                        }
                    }
                }
            }
            components.add(Arrays.copyOf(members, n));
            bounds.add(new int[] {x0, y0, x1 + 1, y1 + 1});
        }
        return new Result(background, merge(components, bounds));
    }

    /** Joins components whose boxes come within MERGE_GAP pixels, until none do; drops specks. */
    private static List<Segment> merge(List<int[]> components, List<int[]> bounds) {
        int n = components.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        boolean changed = true;
        int[][] box = bounds.toArray(new int[0][]);
        while (changed) {
            changed = false;
            for (int i = 0; i < n; i++) {
                if (parent[i] != i) {
                    continue;
                }
                for (int j = i + 1; j < n; j++) {
                    if (parent[j] != j || !near(box[i], box[j])) {
                        continue;
                    }
                    parent[j] = i;
                    box[i] = new int[] {Math.min(box[i][0], box[j][0]), Math.min(box[i][1], box[j][1]),
                            Math.max(box[i][2], box[j][2]), Math.max(box[i][3], box[j][3])};
                    changed = true;
                }
            }
        }
        List<Segment> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (parent[i] != i) {
                continue;
            }
            int size = 0;
            for (int j = 0; j < n; j++) {
                if (root(parent, j) == i) {
                    size += components.get(j).length;
                }
            }
            if (size < MIN_AREA) {
                continue;
            }
            int[] pixels = new int[size];
            int k = 0;
            for (int j = 0; j < n; j++) {
                if (root(parent, j) == i) {
                    System.arraycopy(components.get(j), 0, pixels, k, components.get(j).length);
                    k += components.get(j).length;
                }
            }
            Arrays.sort(pixels);
            out.add(new Segment(new Box(box[i][0], box[i][1], box[i][2], box[i][3]), pixels));
        }
        out.sort((a, b) -> Integer.compare(b.area(), a.area()));
        return out;
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            i = parent[i];
        }
        return i;
    }

    private static boolean near(int[] a, int[] b) {
        return a[0] < b[2] + MERGE_GAP && b[0] < a[2] + MERGE_GAP && a[1] < b[3] + MERGE_GAP && b[1] < a[3] + MERGE_GAP;
    }

    /** Per-channel median of the outermost ring of pixels. */
    static int borderMedian(RgbImage image) {
        int w = image.width(), h = image.height();
        int[] r = new int[2 * (w + h) - 4], g = new int[r.length], b = new int[r.length];
        int n = 0;
        for (int x = 0; x < w; x++) {
            for (int y : new int[] {0, h - 1}) {
                int p = image.get(x, y);
                r[n] = p >> 16 & 0xFF;
                g[n] = p >> 8 & 0xFF;
                b[n++] = p & 0xFF;
            }
        }
        for (int y = 1; y < h - 1; y++) {
            for (int x : new int[] {0, w - 1}) {
                int p = image.get(x, y);
                r[n] = p >> 16 & 0xFF;
                g[n] = p >> 8 & 0xFF;
                b[n++] = p & 0xFF;
            }
        }
        Arrays.sort(r, 0, n);
        Arrays.sort(g, 0, n);
        Arrays.sort(b, 0, n);
        return r[n / 2] << 16 | g[n / 2] << 8 | b[n / 2];
    }

    static int maxChannelDifference(int a, int b) {
        return Math.max(Math.abs((a >> 16 & 0xFF) - (b >> 16 & 0xFF)),
                Math.max(Math.abs((a >> 8 & 0xFF) - (b >> 8 & 0xFF)), Math.abs((a & 0xFF) - (b & 0xFF))));
    }
}
