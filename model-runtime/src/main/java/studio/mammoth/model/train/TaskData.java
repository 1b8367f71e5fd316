package studio.mammoth.model.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.ar.PlanLayout;
import studio.mammoth.model.tok.MammothTok;
import studio.mammoth.model.tok.Pixels;
import studio.mammoth.model.tok.TextTokenizer;
import studio.mammoth.model.world.EditCategory;
import studio.mammoth.model.world.EditPair;
import studio.mammoth.model.world.EditPairs;
import studio.mammoth.model.world.Question;
import studio.mammoth.model.world.QuestionType;
import studio.mammoth.model.world.Questions;
import studio.mammoth.model.world.Scene;
import studio.mammoth.model.world.WardrobeWorld;

/**
 * The edit and understanding examples of joint training, drawn from the wardrobe world (every edit category and every
 * question type in turn, captions included) and seen once through the frozen tokenizer. Building a few thousand takes
 * seconds (world and tokenizer are fast), so they are made at the start of each run, deterministically from the seed.
 */
public final class TaskData {
    /**
     * One edit: instruction ids, source and target codes (G*G) and latents (D*G*G), edit region per grid cell (G*G), and the
     * source picture (what a vision encoder reads).
     */
    public record Edit(int[] instruction, int[] sourceCodes, int[] targetCodes, float[] sourceLatents, float[] targetLatents, float[] region,
                       RgbImage source) {
    }

    /** One question (or caption request) about a picture given by its codes and pixels, and the answer's word ids. */
    public record Asked(int[] question, int[] codes, int[] answer, RgbImage picture) {
    }

    private final List<Edit> edits;
    private final List<Asked> questions;

    public TaskData(List<Edit> edits, List<Asked> questions) {
        this.edits = List.copyOf(edits);
        this.questions = List.copyOf(questions);
    }

    public List<Edit> edits() {
        return edits;
    }

    public List<Asked> questions() {
        return questions;
    }

    /** Edits of every category in turn and questions of every type in turn; ones whose words do not fit are skipped (counted). */
    public static TaskData build(WardrobeWorld world, int editCount, int questionCount, long seed, MammothTok tok, TextTokenizer text,
                                 NDManager base, PrintStream out) {
        out.printf("task data: making and encoding %d edits and %d questions%n", editCount, questionCount);
        EditPairs maker = new EditPairs(world);
        EditCategory[] categories = EditCategory.values();
        List<EditPair> pairs = new ArrayList<>();
        List<int[]> instructions = new ArrayList<>();
        int skipped = 0;
        for (int i = 0; pairs.size() < editCount; i++) {
            EditPair pair = maker.make(categories[i % categories.length], seed * 1_000_003L + i);
            Optional<int[]> ids = encode(text, pair.instruction(), text.maxTokens());
            if (ids.isEmpty()) {
                skipped++;
                continue;
            }
            pairs.add(pair);
            instructions.add(ids.get());
        }
        List<RgbImage> pictures = new ArrayList<>();
        for (EditPair p : pairs) {
            pictures.add(world.render(p.source()));
            pictures.add(world.render(p.target()));
        }
        Encoded encoded = encode(tok, pictures, base);
        int g = tok.config().grid();
        List<Edit> edits = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            edits.add(new Edit(instructions.get(i), encoded.codes[2 * i], encoded.codes[2 * i + 1], encoded.latents[2 * i],
                    encoded.latents[2 * i + 1], pairs.get(i).region().cellFractions(g), pictures.get(2 * i)));
        }

        QuestionType[] types = QuestionType.values();
        List<int[]> asked = new ArrayList<>();
        List<int[]> answers = new ArrayList<>();
        List<RgbImage> scenes = new ArrayList<>();
        for (int i = 0; scenes.size() < questionCount; i++) {
            SplittableRandom rng = new SplittableRandom(seed * 2_000_003L + i);
            Scene scene = world.sample(rng);
            Optional<Question> q = Questions.ask(types[i % types.length], scene, rng);
            Optional<int[]> question = q.flatMap(x -> encode(text, x.text(), text.maxTokens()));
            Optional<int[]> answer = q.flatMap(x -> encode(text, x.answer(), PlanLayout.MAX_ANSWER - 1));
            if (question.isEmpty() || answer.isEmpty()) {
                skipped += q.isPresent() ? 1 : 0;
                continue;
            }
            asked.add(question.get());
            answers.add(answer.get());
            scenes.add(world.render(scene));
        }
        Encoded seen = encode(tok, scenes, base);
        List<Asked> questions = new ArrayList<>();
        for (int i = 0; i < scenes.size(); i++) {
            questions.add(new Asked(asked.get(i), seen.codes[i], answers.get(i), scenes.get(i)));
        }
        out.printf("task data: %d edits (%d categories), %d questions (%d types incl. captions); %d skipped (words beyond the model's)%n",
                edits.size(), categories.length, questions.size(), types.length, skipped);
        return new TaskData(edits, questions);
    }

    /** A batch of n edits drawn with replacement. */
    public JointObjective.EditBatch edits(int n, Random random) {
        int[][] instructions = new int[n][], sources = new int[n][], targets = new int[n][];
        float[][] regions = new float[n][];
        int per = edits.get(0).sourceLatents().length;
        float[] sourceLatents = new float[n * per], targetLatents = new float[n * per];
        float[] sourcePixels = new float[n * pixelsPer(edits.get(0).source())];
        for (int b = 0; b < n; b++) {
            Edit e = edits.get(random.nextInt(edits.size()));
            instructions[b] = e.instruction();
            sources[b] = e.sourceCodes();
            targets[b] = e.targetCodes();
            regions[b] = e.region();
            System.arraycopy(e.sourceLatents(), 0, sourceLatents, b * per, per);
            System.arraycopy(e.targetLatents(), 0, targetLatents, b * per, per);
            Pixels.write(e.source(), sourcePixels, b * pixelsPer(e.source()));
        }
        return new JointObjective.EditBatch(instructions, sources, targets, sourceLatents, targetLatents, regions, sourcePixels);
    }

    /** A batch of n questions drawn with replacement. */
    public JointObjective.QuestionBatch questions(int n, Random random) {
        int[][] q = new int[n][], codes = new int[n][], answers = new int[n][];
        float[] pixels = new float[n * pixelsPer(questions.get(0).picture())];
        for (int b = 0; b < n; b++) {
            Asked a = questions.get(random.nextInt(questions.size()));
            q[b] = a.question();
            codes[b] = a.codes();
            answers[b] = a.answer();
            Pixels.write(a.picture(), pixels, b * pixelsPer(a.picture()));
        }
        return new JointObjective.QuestionBatch(q, codes, answers, pixels);
    }

    private static int pixelsPer(RgbImage picture) {
        return 3 * picture.width() * picture.height();
    }

    private static Optional<int[]> encode(TextTokenizer text, String words, int max) {
        try {
            return Optional.of(text.encode(words, max));
        } catch (IllegalArgumentException unknownWord) {
            return Optional.empty();
        }
    }

    /** Codes (G*G) and latents (D*G*G) per picture. */
    record Encoded(int[][] codes, float[][] latents) {
    }

    /** Pictures -> codes and latents through the frozen tokenizer, 64 at a time. */
    static Encoded encode(MammothTok tok, List<RgbImage> pictures, NDManager base) {
        int side = tok.config().imageSize();
        int px = 3 * side * side;
        int tokens = tok.config().tokens();
        int per = tok.config().latentDim() * tokens;
        int[][] codes = new int[pictures.size()][];
        float[][] latents = new float[pictures.size()][];
        for (int start = 0; start < pictures.size(); start += 64) {
            int n = Math.min(64, pictures.size() - start);
            float[] pixels = new float[n * px];
            for (int i = 0; i < n; i++) {
                Pixels.write(pictures.get(start + i), pixels, i * px);
            }
            try (NDManager scope = base.newSubManager()) {
                MammothTok.Encoded e = tok.encode(scope.create(pixels, new Shape(n, 3, side, side)));
                int[] c = e.codes().toIntArray();
                float[] l = e.latents().toFloatArray();
                for (int i = 0; i < n; i++) {
                    codes[start + i] = Arrays.copyOfRange(c, i * tokens, (i + 1) * tokens);
                    latents[start + i] = Arrays.copyOfRange(l, i * per, (i + 1) * per);
                }
            }
        }
        return new Encoded(codes, latents);
    }
}
