package studio.mammoth.model.ar;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import studio.mammoth.model.nn.Conv2d;
import studio.mammoth.model.nn.Linear;
import studio.mammoth.model.nn.Parameters;
import studio.mammoth.model.nn.RmsNorm;
import studio.mammoth.model.tok.MammothTok;

/**
 * Understanding features: MammothModa2 puts the features its VLM's vision encoder makes of a given picture (an edit's
 * source, the picture asked about) into the AR's context beside that picture's MammothTok codes. The codes keep what the
 * tokenizer's decoder needs to redraw a cell, which is not always what tells a sandal from a sneaker; the features come
 * from the pixels. Here the encoder is small and convolutional, trained with the AR from scratch: one feature per code
 * cell, added to the embedding of that cell's code, so the sequence does not grow.
 *
 * <p>(B, 3, S, S) pixels -> three stride-2 convolutions -> a residual 3x3 convolution -> (B, G*G, c3) -> RMSNorm ->
 * linear to the AR width. The projection starts at zero: an AR that gains the encoder starts out computing what it did.
 */
public final class VisionEncoder {
    /** Channels after each halving of the picture (S -> S/2 -> S/4 -> S/8 = G). */
    public record Config(int c1, int c2, int c3) {
        public Config {
            if (c1 < 1 || c2 < 1 || c3 < 1) {
                throw new IllegalArgumentException("the vision encoder needs positive widths, got " + c1 + "/" + c2 + "/" + c3);
            }
        }

        public static Config standard() {
            return new Config(32, 64, 128);
        }

        public static Config tiny() {
            return new Config(8, 8, 16);
        }
    }

    /**
     * A picture's features placed in a sequence: {@code cells} (B or 1, G*G, D), row-major over the grid, for the
     * picture whose first code sits at sequence index {@code firstCode} (its row r, column c at firstCode + r * (G + 1) + c,
     * as {@link PlanLayout} lays out image rows with their end-of-row tokens). One row of cells serves every sequence of a
     * batch (a planner's guided rows all read the same source). The rows marked in {@code codesHidden} (null = none) get the
     * picture through its features alone: the AR leaves their codes' embeddings out (modality dropout in training, so the
     * answers learn to read the pixels rather than lean on the codes).
     */
    public record Features(NDArray cells, int firstCode, int grid, boolean[] codesHidden) {
        public Features(NDArray cells, int firstCode, int grid) {
            this(cells, firstCode, grid, null);
        }

        /** These features, with the codes of the rows marked true hidden from the AR. */
        public Features hidingCodes(boolean[] rows) {
            return new Features(cells, firstCode, grid, rows.clone());
        }

        /** The grid cell (row-major) whose code sits at sequence index {@code position}, or -1 (not one of the picture's codes). */
        private int cellAt(int position) {
            int k = position - firstCode;
            return k >= 0 && k < grid * (grid + 1) && k % (grid + 1) < grid ? k / (grid + 1) * grid + k % (grid + 1) : -1;
        }

        /**
         * Per token of the window [start, start + t) of each of {@code batch} rows, 0 where a hidden code's embedding is left
         * out, else 1; null when no code in the window is hidden.
         */
        float[] shownCodes(int batch, int start, int t) {
            if (codesHidden == null) {
                return null;
            }
            float[] shown = new float[batch * t];
            boolean any = false;
            for (int i = 0; i < shown.length; i++) {
                boolean hidden = codesHidden[i / t] && cellAt(start + i % t) >= 0;
                shown[i] = hidden ? 0f : 1f;
                any |= hidden;
            }
            return any ? shown : null;
        }

        /** The features at the sequence's positions [start, start + t): (B or 1, T, D), or null when none of the codes is there. */
        NDArray placed(NDManager scope, int start, int t) {
            int cells = grid * grid;
            float[] place = new float[t * cells]; // (T, G*G): one 1 per code position in the window
            boolean any = false;
            for (int k = 0; k < t; k++) {
                int cell = cellAt(start + k);
                if (cell >= 0) {
                    place[k * cells + cell] = 1f;
                    any = true;
                }
            }
            return any ? scope.create(place, new Shape(t, cells)).matMul(this.cells) : null;
        }
    }

    private final Config config;
    private final int grid;
    private final Conv2d down1;
    private final Conv2d down2;
    private final Conv2d down3;
    private final Conv2d mid;
    private final RmsNorm norm;
    private final Linear out;

    public VisionEncoder(Parameters p, Config config, int grid, int width) {
        this.config = config;
        this.grid = grid;
        down1 = Conv2d.conv(p, "vision.down1", 3, config.c1(), 4, 2, 1);
        down2 = Conv2d.conv(p, "vision.down2", config.c1(), config.c2(), 4, 2, 1);
        down3 = Conv2d.conv(p, "vision.down3", config.c2(), config.c3(), 4, 2, 1);
        mid = Conv2d.zeroed(p, "vision.mid", config.c3(), config.c3(), 3, 1, 1);
        norm = new RmsNorm(p, "vision.norm", config.c3());
        out = new Linear(p, "vision.out", config.c3(), width, false, 0);
    }

    /** The picture size the encoder reads: three halvings down to the grid, as MammothTok's encoder. */
    public int imageSize() {
        return grid * 8;
    }

    /** Features of pictures in [-1, 1] ({@code count} pictures of (3, S, S) flat, as {@code Pixels.write} lays them out). */
    public Features see(NDManager scope, float[] pixels, int count, int firstCode) {
        int s = imageSize();
        NDArray x = scope.create(pixels, new Shape(count, 3, s, s));
        NDArray h = MammothTok.gelu(down1.forward(x));               // (B, c1, S/2, S/2)
        h = MammothTok.gelu(down2.forward(h));                        // (B, c2, S/4, S/4)
        h = MammothTok.gelu(down3.forward(h));                        // (B, c3, G, G)
        h = h.add(mid.forward(MammothTok.gelu(h)));
        NDArray cells = h.reshape(count, config.c3(), grid * grid).transpose(0, 2, 1); // (B, G*G, c3)
        return new Features(out.forward(norm.forward(cells)), firstCode, grid);
    }
}
