package studio.mammoth.model.ar;

import java.util.Arrays;
import studio.mammoth.model.tok.TextTokenizer;

/**
 * Where everything sits in the AR sequence. Ids are one space: text tokens (specials first) in [0, textVocab),
 * image codes in [textVocab, textVocab + codebook) — a token is a generation token iff id >= textVocab.
 * <pre>
 *   [pad … pad  w1 … wn] [image] [c c c c c c c c eol] x grid rows [/image]
 *    promptLength, left-padded     grid * (grid + 1)
 * </pre>
 * Left padding puts the image at the same positions for every prompt, so batches need no ragged handling.
 */
public record PlanLayout(int promptLength, int grid, int textVocab, int codebook, int pad, int imageStart, int imageEnd, int endOfRow) {

    public static PlanLayout of(TextTokenizer text, int grid, int codebook) {
        return new PlanLayout(text.maxTokens(), grid, text.size(), codebook, text.id(TextTokenizer.PAD),
                text.id(TextTokenizer.IMAGE_START), text.id(TextTokenizer.IMAGE_END), text.id(TextTokenizer.END_OF_ROW));
    }

    public int vocabulary() {
        return textVocab + codebook;
    }

    public int length() {
        return promptLength + 1 + grid * (grid + 1) + 1;
    }

    public int codes() {
        return grid * grid;
    }

    /** Position of the token at grid row r, column c (c == grid is the row's end-of-row token). */
    public int gridPosition(int row, int column) {
        return promptLength + 1 + row * (grid + 1) + column;
    }

    /** Number of predicted tokens: every grid token, end-of-row tokens and the image end. */
    public int predicted() {
        return length() - 1 - promptLength;
    }

    /** Prompt slots filled from the right; an empty prompt is the unconditional (CFG) context. */
    public int[] promptSlots(int[] prompt) {
        if (prompt.length > promptLength) {
            throw new IllegalArgumentException("prompt of " + prompt.length + " tokens exceeds " + promptLength);
        }
        int[] out = new int[promptLength];
        Arrays.fill(out, pad);
        System.arraycopy(prompt, 0, out, promptLength - prompt.length, prompt.length);
        return out;
    }

    /** The full sequence for teacher forcing; codes are codebook indices in [0, codebook). */
    public int[] sequence(int[] prompt, int[] codes) {
        if (codes.length != codes()) {
            throw new IllegalArgumentException("expected " + codes() + " codes, got " + codes.length);
        }
        int[] seq = new int[length()];
        System.arraycopy(promptSlots(prompt), 0, seq, 0, promptLength);
        seq[promptLength] = imageStart;
        for (int r = 0; r < grid; r++) {
            for (int c = 0; c < grid; c++) {
                seq[gridPosition(r, c)] = textVocab + codes[r * grid + c];
            }
            seq[gridPosition(r, grid)] = endOfRow;
        }
        seq[length() - 1] = imageEnd;
        return seq;
    }

    public boolean isCode(int id) {
        return id >= textVocab;
    }
}
