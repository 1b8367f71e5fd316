package studio.mammoth.model.api;

import studio.mammoth.model.align.AlignConfig;
import studio.mammoth.model.ar.ArConfig;
import studio.mammoth.model.ar.PlanLayout;
import studio.mammoth.model.dit.DitConfig;
import studio.mammoth.model.nn.SwiGlu;
import studio.mammoth.model.tok.MammothTok;

/**
 * Multiply-add work of one generation, counted from the configuration (2 FLOPs per multiply-add, matrix
 * products and convolutions only — norms and activations are a rounding error here). With guidance on,
 * the AR and the DiT run two rows per image.
 */
public final class ModelFlops {
    private ModelFlops() {
    }

    public static double perImage(Generator.Config g, MammothTok.Config tok, PlanLayout layout, int steps, boolean arGuided, boolean ditGuided) {
        double ar = (arGuided ? 2 : 1) * planning(g.ar(), layout) + arPass(g.ar(), layout, layout.length() - 1);
        double align = alignment(g.align(), g.ar().width(), g.dit().width(), layout);
        int conditionTokens = layout.promptLength() + g.align().queries();
        double dit = (ditGuided ? 2 : 1) * steps * ditStep(g.dit(), conditionTokens + layout.codes(), g.latentDim());
        return ar + align + dit + decoder(tok);
    }

    /** Decoding with the KV cache: the prefix in one pass, then one position per token, code head on each. */
    static double planning(ArConfig c, PlanLayout layout) {
        double total = arPass(c, layout, layout.promptLength() + 1);
        for (int p = layout.promptLength() + 1; p < layout.length() - 1; p++) {
            total += arToken(c, p + 1) + 2.0 * c.width() * layout.codebook();
        }
        return total;
    }

    /** A full causal pass over t positions (no head). */
    static double arPass(ArConfig c, PlanLayout layout, int t) {
        double total = 0;
        for (int p = 0; p < t; p++) {
            total += arToken(c, p + 1);
        }
        return total;
    }

    /** One position through every layer, attending to {@code context} positions; experts run both FFNs. */
    static double arToken(ArConfig c, int context) {
        int d = c.width();
        int h = SwiGlu.hiddenFor(d);
        double total = 0;
        for (int layer = 0; layer < c.layers(); layer++) {
            total += 8.0 * d * d + 4.0 * context * d + (layer >= c.expertsFrom() ? 2 : 1) * 6.0 * d * h;
        }
        return total;
    }

    static double alignment(AlignConfig a, int arWidth, int d, PlanLayout layout) {
        int q = a.queries();
        int n = layout.codes();
        int h = SwiGlu.hiddenFor(d);
        double total = 2.0 * arWidth * d * (layout.promptLength() + n);
        for (int l = 0; l < a.qformerLayers(); l++) {
            total += 8.0 * d * d * q + 4.0 * q * q * d;                      // self-attention
            total += 4.0 * d * d * q + 4.0 * d * d * n + 4.0 * q * n * d;    // cross-attention
            total += 6.0 * d * h * q;
        }
        return total;
    }

    static double ditStep(DitConfig c, int tokens, int latentDim) {
        int d = c.width();
        int h = SwiGlu.hiddenFor(d);
        double perBlock = 8.0 * d * d * tokens + 4.0 * tokens * tokens * d + 6.0 * d * h * tokens + 12.0 * d * d;
        return c.layers() * perBlock + 4.0 * latentDim * d * 64;
    }

    static double decoder(MammothTok.Config t) {
        int g = t.grid();
        int d1 = t.decoderC1();
        int d2 = t.decoderC2();
        int d3 = t.decoderC3();
        double total = conv(t.latentDim(), d3, 3, g) + conv(d3, d3, 3, g);
        total += conv(d3, d2, 3, 2 * g) + conv(d2, d1, 3, 4 * g) + conv(d1, d1, 3, 8 * g) + conv(d1, 3, 3, 8 * g);
        // each residual block: two 3x3 convolutions at constant width, at 8, 16 and 32 px
        total += t.residualBlocks() * 2 * (conv(d3, d3, 3, g) + conv(d2, d2, 3, 2 * g) + conv(d1, d1, 3, 4 * g));
        return total;
    }

    private static double conv(int in, int out, int k, int side) {
        return 2.0 * in * out * k * k * side * side;
    }
}
