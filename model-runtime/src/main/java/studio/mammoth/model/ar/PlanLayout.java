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
 * <p>The other task families reuse this layout:
 * <pre>
 *   edit:       [image] source rows [/image]  [instruction slots] [image] target rows [/image]
 *               source segment, own positions   the generation layout, the AR predicts the target
 *   understand: [question slots] [image] rows [/image] [answer words … pad]
 *               the generation layout, rows read   answer positions of their own; the pad ends the answer
 * </pre>
 * Position ids form one table: [0, length) the generation layout, then {@link #sourceLength()} source-segment
 * positions, then {@link #MAX_ANSWER} answer positions.
 */
public record PlanLayout(int promptLength, int grid, int textVocab, int codebook, int pad, int imageStart, int imageEnd, int endOfRow,
                         int[] planCodes) {
    /** @param planCodes per tokenizer code its plan code (the representative of its near-duplicate group), or null = itself */
    public PlanLayout {
        if (planCodes != null && planCodes.length != codebook) {
            throw new IllegalArgumentException("plan codes need one entry per code: " + codebook + ", got " + planCodes.length);
        }
    }

    public static PlanLayout of(TextTokenizer text, int grid, int codebook, int[] planCodes) {
        return new PlanLayout(text.maxTokens(), grid, text.size(), codebook, text.id(TextTokenizer.PAD),
                text.id(TextTokenizer.IMAGE_START), text.id(TextTokenizer.IMAGE_END), text.id(TextTokenizer.END_OF_ROW), planCodes);
    }

    /** The code the AR plans with for tokenizer code c. */
    public int planCode(int code) {
        return planCodes == null ? code : planCodes[code];
    }

    /** Whether the AR may emit code c (it is its group's representative). */
    public boolean isPlanCode(int code) {
        return planCode(code) == code;
    }

    /** The token id of tokenizer code c in the AR sequence: its plan code, after the text ids. */
    public int codeToken(int code) {
        return textVocab + planCode(code);
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

    /** Sequence index of the first code of the image in the generation layout (the picture a question is about). */
    public int firstCode() {
        return gridPosition(0, 0);
    }

    /** Sequence index of the first code of an edit's source segment, which starts the sequence. */
    public int sourceFirstCode() {
        return 1;
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
                seq[gridPosition(r, c)] = codeToken(codes[r * grid + c]);
            }
            seq[gridPosition(r, grid)] = endOfRow;
        }
        seq[length() - 1] = imageEnd;
        return seq;
    }

    public boolean isCode(int id) {
        return id >= textVocab;
    }

    /** Longest answer in words (a caption of four garments and a background fits), its ending pad included. */
    public static final int MAX_ANSWER = 32;

    /** The source segment of an edit: [image] rows with end-of-row [/image]. */
    public int sourceLength() {
        return 1 + grid * (grid + 1) + 1;
    }

    /** The source image as the AR reads it before the instruction of an edit. */
    public int[] sourceSegment(int[] codes) {
        int[] image = sequence(new int[0], codes);
        return Arrays.copyOfRange(image, promptLength, length());
    }

    /** An edit's full sequence: source segment then the generation layout with the instruction as the prompt. */
    public int[] editSequence(int[] sourceCodes, int[] instruction, int[] targetCodes) {
        return concat(sourceSegment(sourceCodes), sequence(instruction, targetCodes));
    }

    /**
     * A question's sequence for teacher forcing: the generation layout (question as prompt, the image's codes read) then
     * the answer words and one pad that ends them.
     */
    public int[] answerSequence(int[] question, int[] codes, int[] answer) {
        if (answer.length + 1 > MAX_ANSWER) {
            throw new IllegalArgumentException("answer of " + answer.length + " words exceeds " + (MAX_ANSWER - 1));
        }
        int[] end = Arrays.copyOf(answer, answer.length + 1);
        end[answer.length] = pad;
        return concat(sequence(question, codes), end);
    }

    /** Position ids of an edit sequence's tokens [from, from + count): the source segment first, then the generation layout. */
    public int[] editPositions(int from, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            int k = from + i;
            out[i] = k < sourceLength() ? length() + k : k - sourceLength();
        }
        return out;
    }

    /** Position ids of a question sequence's tokens [from, from + count): the generation layout, then the answer positions. */
    public int[] answerPositions(int from, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            int k = from + i;
            out[i] = k < length() ? k : length() + sourceLength() + (k - length());
        }
        return out;
    }

    /** Position ids of the generation layout's tokens [from, from + count). */
    public int[] generationPositions(int from, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = from + i;
        }
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
