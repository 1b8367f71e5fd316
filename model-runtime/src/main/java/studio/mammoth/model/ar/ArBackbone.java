package studio.mammoth.model.ar;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import studio.mammoth.model.nn.Embedding;
import studio.mammoth.model.nn.KvCache;
import studio.mammoth.model.nn.Linear;
import studio.mammoth.model.nn.Parameters;
import studio.mammoth.model.nn.RmsNorm;

/**
 * Decoder-only transformer over text tokens and image codes. Image codes have their own embedding table and
 * their own output head; their logits follow the text logits, so one softmax covers the joint id space.
 * The deeper half of the layers route image-code positions through {@link GenerationExperts}.
 */
public final class ArBackbone {
    static final float BLOCKED = -1e9f;

    /** Every layer's output (B, T, D) — the alignment module averages several — and the final normed state. */
    public record Output(List<NDArray> layerStates, NDArray last) {
    }

    private final ArConfig config;
    private final PlanLayout layout;
    private final Embedding textEmbedding;
    private final Embedding codeEmbedding;
    private final Embedding positionEmbedding;       // the generation layout
    private final Embedding sourcePositionEmbedding; // an edit's source segment, or null (not trained for editing)
    private final Embedding answerPositionEmbedding; // answer words, or null (not trained for understanding)
    private final List<ArBlock> blocks = new ArrayList<>();
    private final RmsNorm finalNorm;
    private final Linear textHead;
    private final Linear codeHead;

    public ArBackbone(Parameters p, ArConfig config, PlanLayout layout) {
        this(p, config, layout, false, false);
    }

    /**
     * @param sourceImages the AR reads a source image before an edit instruction (own position table)
     * @param answers      the AR writes answers after an image (own position table)
     */
    public ArBackbone(Parameters p, ArConfig config, PlanLayout layout, boolean sourceImages, boolean answers) {
        this.config = config;
        this.layout = layout;
        int d = config.width();
        textEmbedding = new Embedding(p, "ar.text_embedding", layout.textVocab(), d);
        codeEmbedding = new Embedding(p, "ar.code_embedding", layout.codebook(), d);
        positionEmbedding = new Embedding(p, "ar.position_embedding", layout.length(), d);
        for (int i = 0; i < config.layers(); i++) {
            blocks.add(new ArBlock(p, "ar.layer" + i, config, i >= config.expertsFrom()));
        }
        finalNorm = new RmsNorm(p, "ar.final_norm", d);
        textHead = new Linear(p, "ar.text_head", d, layout.textVocab(), false, 0.02);
        codeHead = new Linear(p, "ar.code_head", d, layout.codebook(), false, 0.02);
        // registered last, so a text-to-image checkpoint's names all come first and these are the fresh ones
        sourcePositionEmbedding = sourceImages ? new Embedding(p, "ar.source_position_embedding", layout.sourceLength(), d) : null;
        answerPositionEmbedding = answers ? new Embedding(p, "ar.answer_position_embedding", PlanLayout.MAX_ANSWER, d) : null;
    }

    public ArConfig config() {
        return config;
    }

    public PlanLayout layout() {
        return layout;
    }

    /**
     * Runs tokens at positions [start, start + T).
     *
     * @param ids    (B * T) joint ids, row-major
     * @param padded (B * S) with S = start + T: true where the key is padding (never attended)
     * @param cache  null for a full pass (training); for decoding, holds positions [0, start) and receives these
     */
    public Output forward(NDManager scope, int[] ids, int batch, int start, boolean[] padded, KvCache cache) {
        return forward(scope, ids, batch, start, layout.generationPositions(start, ids.length / batch), padded, cache);
    }

    /**
     * As above with explicit position ids of the T tokens (see {@link PlanLayout}: generation layout, source segment,
     * answer positions), the same for every row.
     */
    public Output forward(NDManager scope, int[] ids, int batch, int start, int[] positionIds, boolean[] padded, KvCache cache) {
        return forward(scope, ids, batch, start, positionIds, padded, cache, null);
    }

    /**
     * As above, with the understanding features of the picture the sequence holds (an edit's source, the picture asked
     * about) added to its codes' embeddings; null = none (text-to-image, or an AR without a vision encoder).
     */
    public Output forward(NDManager scope, int[] ids, int batch, int start, int[] positionIds, boolean[] padded, KvCache cache,
                          VisionEncoder.Features seen) {
        int t = ids.length / batch;
        int s = start + t;
        int[] textIds = new int[ids.length];
        int[] codeIds = new int[ids.length];
        float[] isCode = new float[ids.length];
        for (int i = 0; i < ids.length; i++) {
            boolean code = layout.isCode(ids[i]);
            textIds[i] = code ? 0 : ids[i];
            codeIds[i] = code ? ids[i] - layout.textVocab() : 0;
            isCode[i] = code ? 1f : 0f;
        }
        NDArray codeMask = scope.create(isCode, new Shape(batch, t, 1));
        NDArray text = textEmbedding.forward(scope.create(textIds, new Shape(batch, t)));   // (B, T, D)
        NDArray image = codeEmbedding.forward(scope.create(codeIds, new Shape(batch, t)));  // (B, T, D)
        float[] shown = seen == null ? null : seen.shownCodes(batch, start, t); // codes whose embedding enters, null = all
        if (shown != null) {
            image = image.mul(scope.create(shown, new Shape(batch, t, 1)));
        }
        NDArray positions = positions(scope, positionIds); // (T, D)
        NDArray x = text.add(image.sub(text).mul(codeMask)).add(positions);
        NDArray features = seen == null ? null : seen.placed(scope, start, t); // (B or 1, T, D)
        if (features != null) {
            x = x.add(features);
        }
        NDArray mask = scope.create(attentionMask(batch, start, t, padded), new Shape(batch, 1, t, s));
        List<NDArray> states = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            x = blocks.get(i).forward(x, mask, codeMask, cache == null ? null : cache.layer(i));
            states.add(x);
        }
        if (cache != null) {
            cache.advance(t);
        }
        return new Output(states, finalNorm.forward(x));
    }

    /** Rows of the joint position table [generation | source segment | answers] for the given ids. */
    private NDArray positions(NDManager scope, int[] positionIds) {
        NDArray ids = scope.create(positionIds, new Shape(positionIds.length));
        int l = layout.length();
        int s = layout.sourceLength();
        boolean source = java.util.Arrays.stream(positionIds).anyMatch(i -> i >= l && i < l + s);
        boolean answers = java.util.Arrays.stream(positionIds).anyMatch(i -> i >= l + s);
        if (!source && !answers) {
            return positionEmbedding.forward(ids);
        }
        if (source && sourcePositionEmbedding == null || answers && answerPositionEmbedding == null) {
            throw new IllegalStateException("this AR was not trained to read " + (source ? "source images" : "and answer questions"));
        }
        NDArray sourceRows = sourcePositionEmbedding != null ? sourcePositionEmbedding.table() : scope.zeros(new Shape(s, config.width()));
        NDArray table = Parameters.inScope(positionEmbedding.table(), scope).concat(sourceRows, 0);
        if (answerPositionEmbedding != null) {
            table = table.concat(answerPositionEmbedding.table(), 0);
        }
        return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    }

    /** Causal and padding mask, additive: (B, 1, T, S). A query always sees itself, so no row is all-blocked. */
    static float[] attentionMask(int batch, int start, int t, boolean[] padded) {
        int s = start + t;
        float[] mask = new float[batch * t * s];
        for (int b = 0; b < batch; b++) {
            for (int q = 0; q < t; q++) {
                int qPos = start + q;
                for (int k = 0; k < s; k++) {
                    boolean blocked = k > qPos || (k != qPos && padded[b * s + k]);
                    mask[(b * t + q) * s + k] = blocked ? BLOCKED : 0f;
                }
            }
        }
        return mask;
    }

    /** Joint logits (…, textVocab + codebook): text head then code head. */
    public NDArray logits(NDArray states) {
        return textHead.forward(states).concat(codeHead.forward(states), states.getShape().dimension() - 1);
    }

    /** Text logits only (…, textVocab): what answers are read from. */
    public NDArray textLogits(NDArray states) {
        return textHead.forward(states);
    }

    /** Image-code logits only (…, codebook): what planning samples from. */
    public NDArray codeLogits(NDArray states) {
        return codeHead.forward(states);
    }

    public int layers() {
        return blocks.size();
    }
}
