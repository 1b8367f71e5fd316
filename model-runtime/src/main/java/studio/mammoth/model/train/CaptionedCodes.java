package studio.mammoth.model.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import studio.mammoth.model.tok.TextTokenizer;

/**
 * The cached training pairs with their captions encoded as prompts; a caption the prompt cannot hold (too long, an
 * unknown word in a user's own captions) leaves its pair out of every batch.
 *
 * @param prompts token ids per pair, null where the caption did not fit
 * @param usable  indices of the pairs batches draw from
 */
record CaptionedCodes(CodeCache cache, int[][] prompts, List<Integer> usable) {
    static CaptionedCodes encode(CodeCache cache, TextTokenizer text) {
        int[][] prompts = new int[cache.size()][];
        List<Integer> usable = new ArrayList<>();
        for (int i = 0; i < cache.size(); i++) {
            try {
                prompts[i] = text.encode(cache.captions().get(i));
                usable.add(i);
            } catch (IllegalArgumentException tooLongOrUnknown) {
                // left out; the caller reports how many fit
            }
        }
        return new CaptionedCodes(cache, prompts, usable);
    }

    /** {@code size} pairs drawn with replacement: prompts, codes and latents. */
    JointObjective.Batch batch(int size, Random random) {
        int[][] p = new int[size][];
        int[][] c = new int[size][];
        int per = cache.latents()[0].length;
        float[] latents = new float[size * per];
        for (int b = 0; b < size; b++) {
            int i = usable.get(random.nextInt(usable.size()));
            p[b] = prompts[i];
            c[b] = cache.codes()[i];
            System.arraycopy(cache.latents()[i], 0, latents, b * per, per);
        }
        return new JointObjective.Batch(p, c, latents);
    }
}
