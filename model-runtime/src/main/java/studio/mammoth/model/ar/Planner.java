package studio.mammoth.model.ar;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.Random;
import studio.mammoth.model.nn.KvCache;

/**
 * Autoregressive planning of the image codes with a KV cache: the prompt and image-start are read in one pass,
 * then one code per step. End-of-row tokens are forced (not sampled); sampling is restricted to the code range.
 * Classifier-free guidance runs a second, unconditional row per image whose prompt is all padding.
 */
public final class Planner {
    /** Called after each sampled code; may throw (cancellation). */
    public interface Listener {
        void planned(int done, int total, int[][] codesSoFar);
    }

    private final ArBackbone backbone;
    private final PlanLayout layout;

    public Planner(ArBackbone backbone) {
        this.backbone = backbone;
        this.layout = backbone.layout();
    }

    /**
     * @param prompt token ids (already validated)
     * @param seeds  one per image; image i samples from new Random(seeds[i])
     * @return codes per image (count, G*G) in [0, codebook)
     */
    public int[][] plan(NDManager request, int[] prompt, long[] seeds, SamplingSettings settings, Listener listener) {
        return plan(request, PlanPrefix.generation(layout, prompt), seeds, settings, listener);
    }

    /** Plans after the given prefix (a prompt, or a source image and an instruction); kept codes are copied, not sampled. */
    public int[][] plan(NDManager request, PlanPrefix prefix, long[] seeds, SamplingSettings settings, Listener listener) {
        int n = seeds.length;
        boolean guided = settings.guidance() != 1.0;
        int rows = guided ? 2 * n : n;
        int p = prefix.length();
        int len = p + layout.predicted();
        boolean[] padded = new boolean[rows * len];
        int[] tokens = new int[rows * p];
        for (int r = 0; r < rows; r++) {
            int[] row = r < n ? prefix.conditional() : prefix.unconditional();
            for (int j = 0; j < p; j++) {
                tokens[r * p + j] = row[j];
                padded[r * len + j] = row[j] == layout.pad();
            }
        }
        Random[] random = new Random[n];
        for (int i = 0; i < n; i++) {
            random[i] = new Random(seeds[i]);
        }
        int g = layout.grid();
        int[][] codes = new int[n][g * g];
        KvCache cache = new KvCache(backbone.layers(), request);
        float[] logits;
        try (NDManager step = request.newSubManager()) {
            logits = lastCodeLogits(step, prefix, tokens, rows, padded, len, cache);
        }
        int done = 0;
        for (int r = 0; r < g; r++) {
            for (int c = 0; c <= g; c++) {
                int[] next = new int[rows];
                if (c == g) {
                    Arrays.fill(next, layout.endOfRow());
                } else {
                    int cell = r * g + c;
                    for (int i = 0; i < n; i++) {
                        boolean keep = prefix.kept() != null && prefix.kept()[cell] >= 0;
                        int code = keep ? prefix.kept()[cell] : sample(logits, i, guided ? n + i : -1, settings, random[i]);
                        codes[i][cell] = code;
                        next[i] = layout.codeToken(code);
                        if (guided) {
                            next[n + i] = next[i];
                        }
                    }
                    done++;
                    listener.planned(done, g * g, codes);
                }
                if (r == g - 1 && c == g) {
                    break; // the image end after the last row is forced too and nothing follows it
                }
                try (NDManager step = request.newSubManager()) {
                    logits = lastCodeLogits(step, prefix, next, rows, padded, len, cache);
                }
            }
        }
        return codes;
    }

    /** Feeds the tokens (rows x T) and returns the code logits at each row's last position, (rows, K) flat. */
    private float[] lastCodeLogits(NDManager step, PlanPrefix prefix, int[] tokens, int rows, boolean[] paddedFull, int len, KvCache cache) {
        int t = tokens.length / rows;
        int start = cache.length();
        int s = start + t;
        boolean[] padded = new boolean[rows * s];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(paddedFull, r * len, padded, r * s, Math.min(s, len));
        }
        ArBackbone.Output out = backbone.forward(step, tokens, rows, start, prefix.positions(layout, start, t), padded, cache, prefix.seen());
        NDArray last = out.last().get(":, -1, :");                // (rows, D)
        return backbone.codeLogits(last).toFloatArray();          // (rows, K)
    }

    /** CFG, temperature, top-k, then one draw from the softmax over the plan codes of one row of (rows, K) logits. */
    int sample(float[] logits, int row, int unconditionalRow, SamplingSettings settings, Random random) {
        int k = layout.codebook();
        double[] z = new double[k];
        for (int j = 0; j < k; j++) {
            if (!layout.isPlanCode(j)) {
                z[j] = Double.NEGATIVE_INFINITY; // merged into its group's representative: never a training target
                continue;
            }
            double cond = logits[row * k + j];
            double guided = unconditionalRow < 0 ? cond
                    : logits[unconditionalRow * k + j] + settings.guidance() * (cond - logits[unconditionalRow * k + j]);
            z[j] = guided / settings.temperature();
        }
        return TopK.draw(z, settings.topK(), random);
    }
}
