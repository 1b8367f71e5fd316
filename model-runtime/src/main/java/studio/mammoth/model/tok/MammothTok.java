package studio.mammoth.model.tok;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import studio.mammoth.model.nn.Conv2d;
import studio.mammoth.model.nn.Parameters;

/**
 * The unified visual tokenizer, scaled down: a convolutional encoder maps a 64x64 picture to an 8x8 grid of
 * latentDim-wide vectors. Normalised to the unit sphere and scaled by sqrt(latentDim) (so each element has
 * unit RMS) they are the continuous latents the DiT renders in; snapped to the nearest entry of an
 * L2-normalised codebook (cosine similarity) they are the discrete codes the AR plans with. The decoder maps
 * either back to pixels: training feeds it quantised latents (straight-through gradient) for a share of the batch
 * and continuous ones for the rest, so both the AR plan and the DiT output decode.
 */
public final class MammothTok {
    /**
     * Sizes; channels grow as the resolution halves: 64 px c1, 32 px c2, 16 and 8 px c3.
     *
     * @param residualBlocks residual blocks the decoder adds at 8, 16 and 32 px each (headers written before it existed: 0)
     * @param edgeWeight     weight of the edge term of the reconstruction loss, an L1 distance between the horizontal and
     *                       vertical pixel differences of picture and reconstruction (0 = mean squared error alone)
     * @param decoderC1      the decoder's channels at 64 px, and {@code decoderC2}, {@code decoderC3} at 32 and at 16 and 8 px:
     *                       those of the encoder unless a new decoder was trained for it (headers written before they existed: 0,
     *                       read as the encoder's)
     */
    public record Config(int imageSize, int grid, int latentDim, int codebookSize, int c1, int c2, int c3, double commitment,
                         int residualBlocks, double edgeWeight, int decoderC1, int decoderC2, int decoderC3) {
        public Config {
            decoderC1 = decoderC1 == 0 ? c1 : decoderC1;
            decoderC2 = decoderC2 == 0 ? c2 : decoderC2;
            decoderC3 = decoderC3 == 0 ? c3 : decoderC3;
        }

        /** Encoder and decoder of the same channels. */
        public Config(int imageSize, int grid, int latentDim, int codebookSize, int c1, int c2, int c3, double commitment,
                      int residualBlocks, double edgeWeight) {
            this(imageSize, grid, latentDim, codebookSize, c1, c2, c3, commitment, residualBlocks, edgeWeight, c1, c2, c3);
        }

        /**
         * This encoder and codebook with the decoder of {@code sizes} (its channels, residual blocks and edge loss): what a new
         * decoder for a trained tokenizer is built as.
         */
        public Config withDecoderOf(Config sizes) {
            return new Config(imageSize, grid, latentDim, codebookSize, c1, c2, c3, commitment, sizes.residualBlocks(), sizes.edgeWeight(),
                    sizes.decoderC1(), sizes.decoderC2(), sizes.decoderC3());
        }
        /** The sizes of the first shipped tokenizer (session 2). */
        public static Config standard() {
            return new Config(64, 8, 8, 512, 16, 48, 96, 0.25, 0, 0);
        }

        /**
         * Session 10: the standard tokenizer's decodes cap GenEval at 0.27 through its codes and 0.34 through its latents
         * (garments come back as blobs the judge cannot name), so this one is wider, deeper in the decoder, has twice the
         * latent width and codebook, and weighs edges in its loss.
         */
        public static Config large() {
            return new Config(64, 8, 16, 1024, 32, 64, 128, 0.25, 1, 1.0);
        }

        /**
         * The large sizes with twice the latent width, tried in session 12 against the blobs small garments decode to: in
         * the same 40 minutes it did not help (GenEval ceiling through latents 0.658 against the large sizes' 0.718;
         * docs/BENCHMARKS.md), kept so that figure can be reproduced.
         */
        public static Config wide() {
            return new Config(64, 8, 32, 1024, 32, 64, 128, 0.25, 1, 1.0);
        }

        public static Config tiny() {
            return new Config(64, 8, 8, 64, 8, 16, 16, 0.25, 0, 0);
        }

        public int tokens() {
            return grid * grid;
        }
    }

    /** Encoder output: latents (B, D, G, G) and codes (B, G*G) row-major. */
    public record Encoded(NDArray latents, NDArray codes) {
    }

    /** A training forward: the summed loss and its parts, the codes the batch used (B*G*G) and the decodes (B, 3, S, S). */
    public record Loss(NDArray total, NDArray reconstruction, NDArray codebook, NDArray codes, NDArray decoded) {
    }

    private static final String DECODER = "tok.dec.";

    private final Config config;
    private final Parameters params;
    private final Conv2d inConv;
    private final Conv2d down1;
    private final Conv2d down2;
    private final Conv2d down3;
    private final Conv2d encMid;
    private final Conv2d toLatent;
    private final NDArray codebook; // (K, D), normalised on use
    private final Conv2d fromLatent;
    private final Conv2d decMid;
    private final Conv2d up1;
    private final Conv2d up2;
    private final Conv2d up3;
    private final Conv2d outConv;
    private final ResidualBlock[] at8;
    private final ResidualBlock[] at16;
    private final ResidualBlock[] at32;

    public MammothTok(Config config, Parameters p) {
        if (config.imageSize() != config.grid() * 8) {
            throw new IllegalArgumentException("the encoder halves the size three times: image " + config.imageSize() + " needs grid " + config.imageSize() / 8);
        }
        this.config = config;
        this.params = p;
        int d = config.latentDim();
        inConv = Conv2d.conv(p, "tok.enc.in", 3, config.c1(), 3, 1, 1);
        down1 = Conv2d.conv(p, "tok.enc.down1", config.c1(), config.c2(), 4, 2, 1);
        down2 = Conv2d.conv(p, "tok.enc.down2", config.c2(), config.c3(), 4, 2, 1);
        down3 = Conv2d.conv(p, "tok.enc.down3", config.c3(), config.c3(), 4, 2, 1);
        encMid = Conv2d.conv(p, "tok.enc.mid", config.c3(), config.c3(), 3, 1, 1);
        toLatent = Conv2d.conv(p, "tok.enc.latent", config.c3(), d, 1, 1, 0);
        codebook = p.normal("tok.codebook", 1.0, config.codebookSize(), d);
        int d1 = config.decoderC1();
        int d2 = config.decoderC2();
        int d3 = config.decoderC3();
        fromLatent = Conv2d.conv(p, DECODER + "in", d, d3, 3, 1, 1);
        decMid = Conv2d.conv(p, DECODER + "mid", d3, d3, 3, 1, 1);
        up1 = Conv2d.upsample(p, DECODER + "up1", d3, d2);
        up2 = Conv2d.upsample(p, DECODER + "up2", d2, d1);
        up3 = Conv2d.upsample(p, DECODER + "up3", d1, d1);
        outConv = Conv2d.conv(p, DECODER + "out", d1, 3, 3, 1, 1);
        at8 = ResidualBlock.stack(p, DECODER + "res8", d3, config.residualBlocks());
        at16 = ResidualBlock.stack(p, DECODER + "res16", d2, config.residualBlocks());
        at32 = ResidualBlock.stack(p, DECODER + "res32", d1, config.residualBlocks());
    }

    /**
     * A tokenizer of these sizes whose encoder and codebook are the given trained weights (every one of them must be there) and
     * whose decoder starts fresh: what a new decoder for a trained tokenizer trains from.
     */
    public static MammothTok withEncoding(Config config, Map<String, float[]> trained, Parameters p) {
        MammothTok tok = new MammothTok(config, p);
        Map<String, float[]> encoding = new LinkedHashMap<>(trained);
        encoding.keySet().removeIf(MammothTok::isDecoder);
        List<String> absent = p.loadPresent(encoding).stream().filter(name -> !isDecoder(name)).toList();
        if (!absent.isEmpty()) {
            throw new IllegalArgumentException("the trained tokenizer lacks the encoder weights " + absent);
        }
        return tok;
    }

    public Config config() {
        return config;
    }

    public Parameters parameters() {
        return params;
    }

    /** Whether a weight belongs to the decoder (what a new decoder replaces; everything else makes the codes and latents). */
    public static boolean isDecoder(String weight) {
        return weight.startsWith(DECODER);
    }

    /**
     * Freezes the encoder and the codebook, leaving the decoder to train: latents and codes stay what they were, and so
     * does every generator trained on them.
     */
    public void freezeEncoding() {
        params.setTrainable(false);
        params.setTrainable(DECODER, true);
    }

    /** Unit-sphere directions before scaling: pixels (B, 3, S, S) in [-1, 1] -> (B*G*G, D). */
    private NDArray directions(NDArray pixels) {
        NDArray h = gelu(inConv.forward(pixels));          // (B, c1, 64, 64)
        h = gelu(down1.forward(h));                         // (B, c2, 32, 32)
        h = gelu(down2.forward(h));                         // (B, c3, 16, 16)
        h = gelu(down3.forward(h));                         // (B, c3, 8, 8)
        h = h.add(gelu(encMid.forward(h)));
        NDArray z = toLatent.forward(h);                    // (B, D, 8, 8)
        NDArray rows = z.transpose(0, 2, 3, 1).reshape(-1, config.latentDim()); // (B*64, D)
        return rows.div(rows.norm(new int[] {-1}, true).add(1e-6f));
    }

    /** The codebook on the unit sphere, (K, D), computed in the caller's scope. */
    private NDArray unitCodebook(NDManager scope) {
        NDArray cb = Parameters.inScope(codebook, scope);
        return cb.div(cb.norm(new int[] {-1}, true).add(1e-6f));
    }

    /** Nearest codebook entry by cosine similarity: (N, D) unit rows -> (N) int codes. */
    private NDArray nearest(NDArray unitRows, NDArray unitBook) {
        return unitRows.matMul(unitBook.transpose()).argMax(1).toType(DataType.INT32, false);
    }

    private float scale() {
        return (float) Math.sqrt(config.latentDim());
    }

    /** (B*G*G, D) rows -> (B, D, G, G) maps. */
    private NDArray toMaps(NDArray rows) {
        int g = config.grid();
        return rows.reshape(-1, g, g, config.latentDim()).transpose(0, 3, 1, 2);
    }

    public Encoded encode(NDArray pixels) {
        NDArray unit = directions(pixels);
        NDArray codes = nearest(unit, unitCodebook(pixels.getManager()));
        long b = pixels.getShape().get(0);
        return new Encoded(toMaps(unit.mul(scale())), codes.reshape(b, config.tokens()));
    }

    /**
     * Near-duplicate codes merged: entry i is the representative of code i's group. The encoder spreads one flat colour
     * over several codes that are nearly the same vector (cosine above 0.99, picked by the cell's surroundings), which the
     * AR can only learn as noise; it plans with one code per group instead. Groups form greedily in index order: each code
     * not yet grouped starts a group and takes every ungrouped code within the threshold of it, so every member is within
     * the threshold of its representative and the grouping depends on the codebook alone.
     */
    public int[] mergedCodes(double cosine) {
        int k = config.codebookSize();
        int d = config.latentDim();
        float[] book = codebook.toFloatArray();
        double[][] unit = new double[k][d];
        for (int i = 0; i < k; i++) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                norm += book[i * d + j] * book[i * d + j];
            }
            norm = Math.sqrt(norm) + 1e-12;
            for (int j = 0; j < d; j++) {
                unit[i][j] = book[i * d + j] / norm;
            }
        }
        int[] representative = new int[k];
        java.util.Arrays.fill(representative, -1);
        for (int i = 0; i < k; i++) {
            if (representative[i] >= 0) {
                continue;
            }
            representative[i] = i;
            for (int other = i + 1; other < k; other++) {
                if (representative[other] < 0) {
                    double c = 0;
                    for (int j = 0; j < d; j++) {
                        c += unit[i][j] * unit[other][j];
                    }
                    if (c >= cosine) {
                        representative[other] = i;
                    }
                }
            }
        }
        return representative;
    }

    /** The latents of given codes: (B, G*G) int -> (B, D, G, G), what the decoder makes of an AR plan. */
    public NDArray codeLatents(NDArray codes) {
        NDArray book = unitCodebook(codes.getManager());
        NDArray rows = codes.reshape(-1).getNDArrayInternal().embedding(codes.reshape(-1), book, SparseFormat.DENSE).singletonOrThrow();
        return toMaps(rows.mul(scale()));
    }

    /** Latents (B, D, G, G) -> pixels (B, 3, S, S), roughly in [-1, 1]. */
    public NDArray decode(NDArray latents) {
        NDArray h = gelu(fromLatent.forward(latents));     // (B, decoderC3, 8, 8)
        h = h.add(gelu(decMid.forward(h)));
        h = ResidualBlock.apply(at8, h);
        h = ResidualBlock.apply(at16, gelu(up1.forward(h))); // (B, decoderC2, 16, 16)
        h = ResidualBlock.apply(at32, gelu(up2.forward(h))); // (B, decoderC1, 32, 32)
        h = gelu(up3.forward(h));                           // (B, decoderC1, 64, 64)
        return outConv.forward(h);                          // (B, 3, 64, 64)
    }

    /**
     * Reconstruction (MSE, plus the edge term when configured) + codebook + commitment loss, straight-through gradient to
     * the encoder. Flat backgrounds fill most of a picture, so squared error alone is content with garments as blobs; the
     * edge term charges for every outline and texture step the reconstruction misses.
     *
     * @param quantised per image 1 = decode the quantised latents, 0 = decode the continuous ones; (B) floats
     */
    public Loss loss(NDArray pixels, NDArray quantised) {
        NDManager scope = pixels.getManager();
        NDArray unit = directions(pixels);                  // (N, D)
        NDArray book = unitCodebook(scope);
        NDArray codes = nearest(unit, book);                // (N)
        NDArray snapped = codes.getNDArrayInternal().embedding(codes, book, SparseFormat.DENSE).singletonOrThrow(); // (N, D)
        NDArray codebookLoss = snapped.sub(unit.stopGradient()).square().mean()
                .add(unit.sub(snapped.stopGradient()).square().mean().mul((float) config.commitment()));
        NDArray straightThrough = unit.add(snapped.sub(unit).stopGradient());
        long b = pixels.getShape().get(0);
        NDArray pick = quantised.reshape(b, 1).repeat(1, config.tokens()).reshape(-1, 1); // (N, 1)
        NDArray rows = straightThrough.mul(pick).add(unit.mul(pick.neg().add(1f)));
        NDArray recon = decode(toMaps(rows.mul(scale())));
        NDArray reconLoss = recon.sub(pixels).square().mean();
        if (config.edgeWeight() > 0) {
            reconLoss = reconLoss.add(edgeDistance(recon, pixels).mul((float) config.edgeWeight()));
        }
        return new Loss(reconLoss.add(codebookLoss), reconLoss, codebookLoss, codes, recon);
    }

    /** Mean L1 distance between the horizontal and vertical neighbour differences of two (B, 3, S, S) batches. */
    private static NDArray edgeDistance(NDArray a, NDArray b) {
        int last = (int) a.getShape().get(3) - 1;
        String right = ":, :, :, 1:" + (last + 1);
        String left = ":, :, :, 0:" + last;
        String below = ":, :, 1:" + (last + 1) + ", :";
        String above = ":, :, 0:" + last + ", :";
        NDArray dx = a.get(right).sub(a.get(left)).sub(b.get(right).sub(b.get(left)));
        NDArray dy = a.get(below).sub(a.get(above)).sub(b.get(below).sub(b.get(above)));
        return dx.abs().mean().add(dy.abs().mean());
    }

    /** Re-seeds the given codebook rows (unused codes) with given unit vectors, in place. */
    public void reseed(int[] rows, float[][] vectors) {
        for (int i = 0; i < rows.length; i++) {
            try (NDArray row = codebook.getManager().create(vectors[i])) {
                codebook.set(new ai.djl.ndarray.index.NDIndex(rows[i]), row);
            }
        }
    }

    /** Unit directions of a batch, for re-seeding: (N, D) as Java rows. */
    public float[][] directionRows(NDArray pixels) {
        NDArray unit = directions(pixels);
        float[] flat = unit.toFloatArray();
        int d = config.latentDim();
        float[][] out = new float[flat.length / d][d];
        for (int i = 0; i < out.length; i++) {
            System.arraycopy(flat, i * d, out[i], 0, d);
        }
        return out;
    }

    public Shape latentShape(long batch) {
        return new Shape(batch, config.latentDim(), config.grid(), config.grid());
    }

    /** GELU, the activation of the tokenizer's convolutions (and of the AR's vision encoder, built the same way). */
    public static NDArray gelu(NDArray x) {
        return x.getNDArrayInternal().gelu();
    }
}
