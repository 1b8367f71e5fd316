package studio.mammoth.model.ar;

import java.util.Arrays;

/**
 * What a plan is conditioned on: every row's tokens up to and including the image start, for the conditional and the
 * unconditional (classifier-free guidance) rows, and the codes that are not sampled but kept.
 *
 * @param conditional   the prefix with the prompt (or the source image and the instruction)
 * @param unconditional the same prefix with the prompt or instruction left out
 * @param edit          whether the prefix starts with a source segment (position ids, see {@link PlanLayout})
 * @param kept          per grid cell the code to keep (copied, not sampled), or -1; null = sample everything
 * @param seen          the understanding features of the source (one row for every sequence), or null
 */
public record PlanPrefix(int[] conditional, int[] unconditional, boolean edit, int[] kept, VisionEncoder.Features seen) {

    public static PlanPrefix generation(PlanLayout layout, int[] prompt) {
        return new PlanPrefix(withImageStart(layout, layout.promptSlots(prompt)), withImageStart(layout, layout.promptSlots(new int[0])),
                false, null, null);
    }

    /**
     * An edit: the source segment, the instruction; kept = source codes of the cells the brush did not touch (or null);
     * seen = the source's understanding features (null without a vision encoder).
     */
    public static PlanPrefix edit(PlanLayout layout, int[] sourceCodes, int[] instruction, int[] kept, VisionEncoder.Features seen) {
        int[] source = layout.sourceSegment(sourceCodes);
        return new PlanPrefix(withImageStart(layout, concat(source, layout.promptSlots(instruction))),
                withImageStart(layout, concat(source, layout.promptSlots(new int[0]))), true, kept, seen);
    }

    public int length() {
        return conditional.length;
    }

    /** Position ids of the tokens [from, from + count) of a sequence that starts with this prefix. */
    public int[] positions(PlanLayout layout, int from, int count) {
        return edit ? layout.editPositions(from, count) : layout.generationPositions(from, count);
    }

    private static int[] withImageStart(PlanLayout layout, int[] tokens) {
        int[] out = Arrays.copyOf(tokens, tokens.length + 1);
        out[tokens.length] = layout.imageStart();
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
