package studio.mammoth.model.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.common.task.Progress;
import studio.mammoth.common.task.Task;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.model.ar.ArBackbone;
import studio.mammoth.model.ar.PlanLayout;
import studio.mammoth.model.ar.VisionEncoder;
import studio.mammoth.model.nn.KvCache;
import studio.mammoth.model.tok.Pixels;
import studio.mammoth.model.tok.TextTokenizer;

/**
 * Understanding: the picture's codes (and, with a vision encoder, its features) and the question are read in one AR pass
 * ([question | image rows]), then the answer
 * is written greedily with the text head, one word per step with the KV cache, until the pad that ends it. Special tokens
 * other than the pad are never written. Cancel is checked after every word.
 */
final class AnswerTask implements Task<String> {
    /** The request that the model answers with a caption (the wording it was trained on). */
    static final String CAPTION_QUESTION = "describe the picture";

    private final MammothModel model;
    private final RgbImage image;
    private final String question;
    private final int[] tokens;

    AnswerTask(MammothModel model, RgbImage image, String question, int[] tokens) {
        this.model = model;
        this.image = image;
        this.question = question;
        this.tokens = tokens;
    }

    @Override
    public String title() {
        return question.equals(CAPTION_QUESTION) ? "Caption" : "Ask: " + question;
    }

    @Override
    public String run(TaskContext context) {
        Generator gen = model.taskGenerator();
        PlanLayout layout = gen.layout();
        TextTokenizer text = gen.text();
        int l = layout.length();
        try (NDManager scope = model.manager().newSubManager()) {
            context.report(new Progress(0, "reading", "reading the picture", null));
            int[] codes = model.encode(scope, image).codes().toIntArray();
            int[] prefix = layout.sequence(tokens, codes);
            boolean[] padded = new boolean[l + PlanLayout.MAX_ANSWER];
            for (int j = 0; j < layout.promptLength(); j++) {
                padded[j] = prefix[j] == layout.pad();
            }
            VisionEncoder.Features seen = gen.see(scope, Pixels.of(image), 1, layout.firstCode());
            KvCache cache = new KvCache(gen.ar().layers(), scope);
            int next = nextWord(scope, gen, layout, prefix, padded, cache, seen);
            List<String> words = new ArrayList<>();
            while (next != layout.pad() && words.size() < PlanLayout.MAX_ANSWER - 1) {
                context.throwIfCancelled();
                words.add(text.word(next));
                context.report(new Progress((double) words.size() / PlanLayout.MAX_ANSWER, "answering", String.join(" ", words), null));
                next = nextWord(scope, gen, layout, new int[] {next}, padded, cache, seen);
            }
            String answer = String.join(" ", words).replace(" ,", ",");
            context.report(new Progress(1.0, "done", answer, null));
            return answer;
        }
    }

    /** Feeds the tokens and returns the most likely next word (or the ending pad), never another special token. */
    private static int nextWord(NDManager scope, Generator gen, PlanLayout layout, int[] tokens, boolean[] paddedFull, KvCache cache,
                                VisionEncoder.Features seen) {
        try (NDManager step = scope.newSubManager()) {
            int start = cache.length();
            int s = start + tokens.length;
            boolean[] padded = java.util.Arrays.copyOf(paddedFull, s);
            ArBackbone.Output out = gen.ar().forward(step, tokens, 1, start, layout.answerPositions(start, tokens.length), padded, cache, seen);
            NDArray last = out.last().get(":, -1, :");
            float[] logits = gen.ar().textLogits(last).toFloatArray();
            int best = layout.pad();
            for (int id = TextTokenizer.SPECIALS.size(); id < logits.length; id++) {
                if (logits[id] > logits[best]) {
                    best = id;
                }
            }
            return best;
        }
    }
}
