package studio.mammoth.model.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.common.task.Task;
import studio.mammoth.model.engine.DjlEngine;
import studio.mammoth.model.nn.TensorFile;
import studio.mammoth.model.tok.MammothTok;
import studio.mammoth.model.tok.Pixels;

/**
 * The loaded text-to-image model — frozen MammothTok + generator — and the one facade the GUI and the CLI
 * share: {@link #generate} returns a Task with progress and cancellation.
 */
public final class MammothModel implements AutoCloseable {
    private final NDManager manager;
    private final MammothTok tokenizer;
    private final Generator generator;
    private final String id;

    public MammothModel(NDManager manager, MammothTok tokenizer, Generator generator, String id) {
        this.manager = manager;
        this.tokenizer = tokenizer;
        this.generator = generator;
        this.id = id;
    }

    /** Loads and checksum-verifies the weights in dir (see {@link ModelFiles#directory()}). */
    public static MammothModel load(Path dir) throws IOException {
        NDManager manager = DjlEngine.engine().newBaseManager();
        try {
            MammothTok tok = ModelFiles.readTokenizer(dir.resolve(ModelFiles.TOKENIZER), manager);
            Path generatorFile = dir.resolve(ModelFiles.GENERATOR);
            Generator gen = ModelFiles.readGenerator(generatorFile, manager);
            String id = "mammoth2-mini@" + TensorFile.sha256(generatorFile).substring(0, 12);
            return new MammothModel(manager, tok, gen, id);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public String id() {
        return id;
    }

    public MammothTok tokenizer() {
        return tokenizer;
    }

    public Generator generator() {
        return generator;
    }

    NDManager manager() {
        return manager;
    }

    /**
     * Checks the request against the model (known words, length) and returns the task that runs it.
     *
     * @throws IllegalArgumentException with a message fit for the user (unknown word and its closest known one, …)
     */
    public Task<java.util.List<GeneratedImage>> generate(GenerateRequest request) {
        int[] prompt = generator.text().encode(request.prompt());
        return new GenerateTask(this, request, prompt);
    }

    /** Whether the loaded checkpoint was trained for instruction edits ({@link #edit}). */
    public boolean canEdit() {
        return generator.config().editing();
    }

    /** Whether the loaded checkpoint was trained to answer questions and write captions ({@link #ask}, {@link #caption}). */
    public boolean canAnswer() {
        return generator.config().understanding();
    }

    /**
     * The command that trains the missing task families into the shipped text-to-image weights (present in every
     * checkout, where a run's checkpoint may not be); {@code --models} sends its export to the models folder, where the
     * workspaces look (joint training otherwise exports into its run directory).
     */
    public static final String TRAIN_UNIFIED = ModelFiles.TRAIN_GENERATOR + " --tasks all --from assets/models/mammoth-generator.mmt --models assets/models";

    /**
     * Edits the source picture as the instruction says (see {@link EditRequest}): plan of the target codes from the
     * source codes and the instruction, then the DiT renders it with the source latents as reference.
     *
     * @throws IllegalStateException    the checkpoint was not trained for editing
     * @throws IllegalArgumentException an unknown word (with the closest known one) or an overlong instruction
     */
    public Task<RgbImage> edit(EditRequest request) {
        if (!canEdit()) {
            throw new IllegalStateException("the loaded model (" + id + ") was trained for text-to-image only and cannot edit; "
                    + "train editing and understanding into it with: " + TRAIN_UNIFIED);
        }
        requireModelSize(request.source());
        int[] instruction = generator.text().encode(request.instruction());
        return new EditTask(this, request, instruction);
    }

    /**
     * Answers a question about a 64x64 picture with a short answer ("yes", "two", "red", "left of").
     *
     * @throws IllegalStateException    the checkpoint was not trained for understanding
     * @throws IllegalArgumentException an unknown word (with the closest known one), an empty question, a picture of another size
     */
    public Task<String> ask(RgbImage image, String question) {
        requireAnswering();
        requireModelSize(image);
        if (question == null || question.isBlank()) {
            throw new IllegalArgumentException("the question is empty: ask about the picture, e.g. \"how many bags are there ?\"");
        }
        return new AnswerTask(this, image, question, generator.text().encode(question));
    }

    /** A sentence describing the picture ("two red bags and a blue sneaker on a white background"). */
    public Task<String> caption(RgbImage image) {
        requireAnswering();
        requireModelSize(image);
        return new AnswerTask(this, image, AnswerTask.CAPTION_QUESTION, generator.text().encode(AnswerTask.CAPTION_QUESTION));
    }

    private void requireModelSize(RgbImage image) {
        int side = tokenizer.config().imageSize();
        if (image == null || image.width() != side || image.height() != side) {
            throw new IllegalArgumentException(image == null ? "no picture" : "the picture is " + image.width() + "x" + image.height()
                    + "; the model reads " + side + "x" + side + " pictures (scale or crop it first)");
        }
    }

    /** The picture through the frozen tokenizer: codes (1, G*G) and latents (1, D, G, G), in the scope. */
    MammothTok.Encoded encode(NDManager scope, RgbImage image) {
        int s = tokenizer.config().imageSize();
        return tokenizer.encode(scope.create(Pixels.of(image), new Shape(1, 3, s, s)));
    }

    private void requireAnswering() {
        if (!canAnswer()) {
            throw new IllegalStateException("the loaded model (" + id + ") was trained for text-to-image only and cannot answer "
                    + "questions or write captions; train understanding into it with: " + TRAIN_UNIFIED);
        }
    }

    /** Latents (B, D, G, G) flat -> images, decoded by the tokenizer; arrays in the caller's scope. */
    public RgbImage[] decode(NDManager scope, float[] latents, int count) {
        NDArray x = scope.create(latents, tokenizer.latentShape(count));
        return toImages(tokenizer.decode(x), count);
    }

    /** A plan (codes per image) -> images via the codebook latents; codes < 0 (not yet planned) decode as zero latents. */
    public RgbImage decodePlan(NDManager scope, int[] codes) {
        int g = tokenizer.config().grid();
        int[] safe = new int[codes.length];
        float[] keep = new float[codes.length];
        for (int i = 0; i < codes.length; i++) {
            safe[i] = Math.max(0, codes[i]);
            keep[i] = codes[i] >= 0 ? 1f : 0f;
        }
        NDArray latents = tokenizer.codeLatents(scope.create(safe, new Shape(1, (long) g * g)))
                .mul(scope.create(keep, new Shape(1, 1, g, g)));
        return toImages(tokenizer.decode(latents), 1)[0];
    }

    private RgbImage[] toImages(NDArray pixels, int count) {
        int s = tokenizer.config().imageSize();
        float[] flat = pixels.toType(DataType.FLOAT32, false).toFloatArray();
        RgbImage[] out = new RgbImage[count];
        for (int i = 0; i < count; i++) {
            out[i] = Pixels.read(flat, i, s, s);
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
