package studio.mammoth.model.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.common.task.Task;
import studio.mammoth.model.engine.DjlEngine;
import studio.mammoth.model.nn.TensorFile;
import studio.mammoth.model.tok.MammothTok;
import studio.mammoth.model.tok.Pixels;

/**
 * The loaded model — frozen MammothTok + generator — and the one facade the GUI and the CLI share: {@link #generate},
 * {@link #edit}, {@link #ask} return Tasks with progress and cancellation.
 * <p>
 * Requests are routed by task family. Text-to-image runs the text-to-image weights; edits and answers run the task weights
 * that joint training made from them ({@link ModelFiles#TASKS}), so training editing and understanding never costs generation
 * quality. Without a task file, a jointly trained generator serves all three.
 */
public final class MammothModel implements AutoCloseable {
    private final NDManager manager;
    private final MammothTok tokenizer;
    private final Generator generator;     // text-to-image requests
    private final Generator taskGenerator; // edit and answer requests
    private final String id;
    private final String taskId;

    /** One generator for every task family. */
    public MammothModel(NDManager manager, MammothTok tokenizer, Generator generator, String id) {
        this(manager, tokenizer, generator, id, generator, id);
    }

    public MammothModel(NDManager manager, MammothTok tokenizer, Generator generator, String id, Generator taskGenerator, String taskId) {
        ModelFiles.requireSameWorld(generator.config(), taskGenerator.config());
        this.manager = manager;
        this.tokenizer = tokenizer;
        this.generator = generator;
        this.id = id;
        this.taskGenerator = taskGenerator;
        this.taskId = taskId;
    }

    /** Loads and checksum-verifies the weights in dir (see {@link ModelFiles#directory()}), with the task weights when present. */
    public static MammothModel load(Path dir) throws IOException {
        NDManager manager = DjlEngine.engine().newBaseManager();
        try {
            TensorFile.Contents tokWeights = TensorFile.read(dir.resolve(ModelFiles.TOKENIZER), ModelFiles.TRAIN_TOKENIZER);
            MammothTok tok = ModelFiles.tokenizer(tokWeights, manager);
            Path generatorFile = dir.resolve(ModelFiles.GENERATOR);
            Path tasksFile = dir.resolve(ModelFiles.TASKS);
            if (!Files.isRegularFile(generatorFile) && Files.isRegularFile(tasksFile)) {
                throw new IOException(dir + " holds edit and answer weights (" + ModelFiles.TASKS + ") but not the text-to-image weights ("
                        + ModelFiles.GENERATOR + ") that go with them: copy the ones they were trained from into it");
            }
            TensorFile.Contents weights = TensorFile.read(generatorFile, ModelFiles.TRAIN_GENERATOR);
            Generator gen = ModelFiles.generator(weights, manager);
            String id = id("mammoth2-mini", weights, tokWeights);
            if (!Files.isRegularFile(tasksFile)) {
                return new MammothModel(manager, tok, gen, id);
            }
            TensorFile.Contents taskWeights = TensorFile.read(tasksFile, ModelFiles.TRAIN_GENERATOR);
            Generator tasks = ModelFiles.taskGenerator(tasksFile, taskWeights, manager);
            return new MammothModel(manager, tok, gen, id, tasks, id("mammoth2-mini-tasks", taskWeights, tokWeights));
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * A model's name for pictures and reports: the model name, the start of its weights file's checksum and, after a dot, the
     * start of the tokenizer's (whose decoder draws the pixels: the same generator with another decoder makes other pictures).
     */
    private static String id(String name, TensorFile.Contents weights, TensorFile.Contents tokenizer) {
        return name + "@" + weights.sha256().substring(0, 12) + "." + tokenizer.sha256().substring(0, 8);
    }

    /** The text-to-image weights' name and checksum prefix. */
    public String id() {
        return id;
    }

    /** The same for the weights that edit and answer (equal to {@link #id()} when one generator serves every task). */
    public String taskId() {
        return taskId;
    }

    public MammothTok tokenizer() {
        return tokenizer;
    }

    /** The weights text-to-image requests run. */
    public Generator generator() {
        return generator;
    }

    /** The weights edit and answer requests run. */
    public Generator taskGenerator() {
        return taskGenerator;
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

    /** Whether the loaded weights were trained for instruction edits ({@link #edit}). */
    public boolean canEdit() {
        return taskGenerator.config().editing();
    }

    /** Whether the loaded weights were trained to answer questions and write captions ({@link #ask}, {@link #caption}). */
    public boolean canAnswer() {
        return taskGenerator.config().understanding();
    }

    /**
     * The command that trains the missing task families from the shipped text-to-image weights (present in every
     * checkout, where a run's checkpoint may not be); {@code --models} sends the task weights it exports to the models folder,
     * where the workspaces look (joint training otherwise exports into its run directory).
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
        return edit(request, false);
    }

    /**
     * The edit's plan alone, decoded by the tokenizer with the DiT out of the loop (pasted into the source inside a brush
     * mask as edits are): the same plan {@link #edit} renders for the same request, so the two split an edit's errors
     * between planning and rendering. A diagnostic; the steps and guidance of the request are not used.
     */
    public Task<RgbImage> editPlan(EditRequest request) {
        return edit(request, true);
    }

    private Task<RgbImage> edit(EditRequest request, boolean planOnly) {
        if (!canEdit()) {
            throw new IllegalStateException("the loaded model (" + taskId + ") has text-to-image weights only and cannot edit; "
                    + "train its edit and answer weights with: " + TRAIN_UNIFIED);
        }
        requireModelSize(request.source());
        int[] instruction = taskGenerator.text().encode(request.instruction());
        return new EditTask(this, request, instruction, planOnly);
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
        return new AnswerTask(this, image, question, taskGenerator.text().encode(question));
    }

    /** A sentence describing the picture ("two red bags and a blue sneaker on a white background"). */
    public Task<String> caption(RgbImage image) {
        requireAnswering();
        requireModelSize(image);
        return new AnswerTask(this, image, AnswerTask.CAPTION_QUESTION, taskGenerator.text().encode(AnswerTask.CAPTION_QUESTION));
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
            throw new IllegalStateException("the loaded model (" + taskId + ") has text-to-image weights only and cannot answer "
                    + "questions or write captions; train its edit and answer weights with: " + TRAIN_UNIFIED);
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
