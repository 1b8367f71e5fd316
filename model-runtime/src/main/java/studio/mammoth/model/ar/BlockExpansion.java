package studio.mammoth.model.ar;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Block expansion (LLaMA Pro, Wu et al. 2024): a trained AR backbone made deeper by blocks that start as the identity, so
 * training goes on from exactly the function the trained weights computed and the new blocks only add capacity.
 *
 * <p>Each new block is a copy of the trained block before it with its two output projections (attention and FFN, both
 * experts) set to zero: its residual branches add nothing until training moves them. The new blocks go in just before the
 * last {@code aggregateLayers} blocks, so the alignment module still averages the same blocks' states. A trained block
 * that lands in the new configuration's deeper half, where the generation experts live, gets its FFN twice (understanding
 * and generation expert alike), which also computes what it did. The reverse, a trained expert block in a shallow
 * position, has no exact equivalent and is refused.
 */
public final class BlockExpansion {
    private static final String LAYER = "ar.layer";
    private static final String UNDERSTANDING_FFN = ".ffn.";
    private static final String GENERATION_FFN = ".gen_ffn.";
    private static final String[] OUTPUT_PROJECTIONS = {".attn.out.", ".ffn.down.", ".gen_ffn.down."};

    private BlockExpansion() {
    }

    /** Whether {@link #deepen} changes anything: the same width and heads, more layers. */
    public static boolean applies(ArConfig trained, ArConfig deeper) {
        return trained.width() == deeper.width() && trained.heads() == deeper.heads() && deeper.layers() > trained.layers();
    }

    /** The first index of the new blocks in the deeper backbone. */
    public static int insertionPoint(ArConfig trained, int aggregateLayers) {
        return Math.max(0, trained.layers() - aggregateLayers);
    }

    /**
     * The trained tensors renamed and completed for the deeper backbone; tensors outside the AR's layers pass unchanged.
     *
     * @throws IllegalArgumentException if the expansion does not {@linkplain #applies apply}, or a trained expert block
     *                                  would land before {@code deeper.expertsFrom()}
     */
    public static Map<String, float[]> deepen(Map<String, float[]> tensors, ArConfig trained, ArConfig deeper, int aggregateLayers) {
        if (!applies(trained, deeper)) {
            throw new IllegalArgumentException("block expansion makes an AR of the same width and heads deeper; got "
                    + describe(trained) + " -> " + describe(deeper));
        }
        int at = insertionPoint(trained, aggregateLayers);
        int added = deeper.layers() - trained.layers();
        Map<String, float[]> out = new LinkedHashMap<>();
        tensors.forEach((name, values) -> {
            if (!name.startsWith(LAYER)) {
                out.put(name, values);
            }
        });
        for (int layer = 0; layer < trained.layers(); layer++) {
            int target = layer < at ? layer : layer + added;
            if (layer >= trained.expertsFrom() && target < deeper.expertsFrom()) {
                throw new IllegalArgumentException("block expansion would move trained layer " + layer + ", which has generation experts, to layer "
                        + target + ", before the experts of " + describe(deeper));
            }
            putBlock(out, block(tensors, layer), target, target >= deeper.expertsFrom(), false);
        }
        Map<String, float[]> template = block(tensors, Math.max(0, at - 1));
        for (int i = 0; i < added; i++) {
            int target = at + i;
            putBlock(out, template, target, target >= deeper.expertsFrom(), true);
        }
        return out;
    }

    private static String describe(ArConfig c) {
        return "width " + c.width() + ", " + c.heads() + " heads, " + c.layers() + " layers";
    }

    /** The tensors of one trained block, keyed by their name after "ar.layerN" (e.g. ".attn.q.weight"). */
    private static Map<String, float[]> block(Map<String, float[]> tensors, int layer) {
        String prefix = LAYER + layer + ".";
        Map<String, float[]> block = new LinkedHashMap<>();
        tensors.forEach((name, values) -> {
            if (name.startsWith(prefix)) {
                block.put(name.substring(prefix.length() - 1), values);
            }
        });
        if (block.isEmpty()) {
            throw new IllegalArgumentException("the trained weights have no AR layer " + layer);
        }
        return block;
    }

    private static void putBlock(Map<String, float[]> out, Map<String, float[]> block, int layer, boolean experts, boolean identity) {
        Map<String, float[]> parts = new LinkedHashMap<>(block);
        if (experts) {
            block.forEach((part, values) -> {
                if (part.startsWith(UNDERSTANDING_FFN)) {
                    parts.putIfAbsent(GENERATION_FFN + part.substring(UNDERSTANDING_FFN.length()), values);
                }
            });
        }
        parts.forEach((part, values) -> {
            boolean silenced = identity && isOutputProjection(part);
            out.put(LAYER + layer + part, silenced ? new float[values.length] : values); // loading copies the values in
        });
    }

    private static boolean isOutputProjection(String part) {
        for (String projection : OUTPUT_PROJECTIONS) {
            if (part.startsWith(projection)) {
                return true;
            }
        }
        return false;
    }
}
