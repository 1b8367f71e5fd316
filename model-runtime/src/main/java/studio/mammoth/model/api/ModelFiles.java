package studio.mammoth.model.api;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import studio.mammoth.model.nn.TensorFile;
import studio.mammoth.model.tok.MammothTok;

/**
 * Where the shipped weights live and how they are read and written. Shipped files are float16 with a
 * SHA-256 sidecar; a missing or corrupt file names the command that recreates it.
 */
public final class ModelFiles {
    public static final String TOKENIZER = "mammothtok.mmt";
    public static final String GENERATOR = "mammoth-generator.mmt";
    /**
     * The edit and answer weights beside the text-to-image ones: what joint training ({@code --tasks all}) exports. They are
     * a whole generator (same sizes, plus the edit and answer inputs) rather than a low-rank adapter, because joint training
     * changes every weight matrix in many directions at once (see issue 5's notes).
     */
    public static final String TASKS = "mammoth-tasks.mmt";
    public static final String TRAIN_TOKENIZER = "./mammoth train tokenizer";
    public static final String TRAIN_GENERATOR = "./mammoth train generator";
    private static final Gson GSON = new Gson();

    private ModelFiles() {
    }

    /** The system property that points the product at another models folder (the packaged app sets it). */
    public static final String DIRECTORY_PROPERTY = "mammoth.models";

    /** -Dmammoth.models, else {@link #checkoutModels()}. */
    public static Path directory() {
        String explicit = System.getProperty(DIRECTORY_PROPERTY);
        return explicit != null && !explicit.isBlank() ? Path.of(explicit) : checkoutModels();
    }

    /**
     * assets/models of the checkout: under -Dmammoth.home when set (the launcher sets it), else in the nearest parent of the
     * working directory that has one (a module's tests run in the module's folder).
     */
    public static Path checkoutModels() {
        String home = System.getProperty("mammoth.home");
        if (home != null && !home.isBlank()) {
            return Path.of(home).resolve("assets/models");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("assets/models"))) {
                return dir.resolve("assets/models");
            }
        }
        return Path.of("assets/models").toAbsolutePath();
    }

    public static boolean present(Path dir) {
        return Files.isRegularFile(dir.resolve(TOKENIZER)) && Files.isRegularFile(dir.resolve(GENERATOR));
    }

    public static void writeTokenizer(Path file, MammothTok tok, JsonObject training, TensorFile.Storage storage) throws IOException {
        JsonObject h = new JsonObject();
        h.add("config", GSON.toJsonTree(tok.config()));
        if (training != null) {
            h.add("training", training);
        }
        TensorFile.write(file, GSON.toJson(h), tok.parameters().snapshot(), storage);
    }

    /**
     * Puts a copy of the tokenizer (and its checksum) into a weights folder that lacks one, so a run's own export folder
     * is a complete model folder for {@code --models DIR}.
     */
    public static void copyTokenizerBeside(Path tokenizer, Path dir) throws IOException {
        copyBeside(tokenizer, dir, TOKENIZER);
    }

    /**
     * The same for the text-to-image weights that task weights were trained from ({@code --from}), when they are shipped-format
     * weights: task weights alone are no model (see {@link MammothModel}).
     */
    public static void copyGeneratorBeside(Path from, Path dir) throws IOException {
        if (from != null && from.getFileName().toString().equals(GENERATOR)) {
            copyBeside(from, dir, GENERATOR);
        }
    }

    private static void copyBeside(Path file, Path dir, String name) throws IOException {
        Path target = dir.resolve(name);
        if (Files.isRegularFile(target) || file.toAbsolutePath().getParent().equals(dir.toAbsolutePath())) {
            return;
        }
        Files.copy(file, target);
        Path sum = file.resolveSibling(file.getFileName() + ".sha256");
        if (Files.isRegularFile(sum)) {
            Files.copy(sum, dir.resolve(name + ".sha256"));
        }
    }

    public static MammothTok readTokenizer(Path file, NDManager manager) throws IOException {
        return tokenizer(TensorFile.read(file, TRAIN_TOKENIZER), manager);
    }

    /** The tokenizer a weights file holds, from its verified contents. */
    public static MammothTok tokenizer(TensorFile.Contents weights, NDManager manager) {
        MammothTok tok = new MammothTok(tokenizerConfig(weights), new studio.mammoth.model.nn.Parameters(manager, 0));
        tok.parameters().load(weights.tensors());
        return tok;
    }

    /** The sizes a tokenizer weights file records. */
    public static MammothTok.Config tokenizerConfig(TensorFile.Contents tokenizer) {
        return GSON.fromJson(GSON.fromJson(tokenizer.header(), JsonObject.class).get("config"), MammothTok.Config.class);
    }

    /** Generator weights: the live weights overlaid with the EMA ones where given (the DiT ships its EMA). */
    public static void writeGenerator(Path file, Generator generator, Map<String, float[]> overlay, JsonObject training,
                                      TensorFile.Storage storage) throws IOException {
        Map<String, float[]> tensors = generator.parameters().snapshot();
        if (overlay != null) {
            tensors.putAll(overlay);
        }
        TensorFile.write(file, generator.header(training), tensors, storage);
    }

    /** The weights file a generator of this configuration is exported as: text-to-image or task weights. */
    public static String weightsFile(Generator.Config config) {
        return config.editing() || config.understanding() ? TASKS : GENERATOR;
    }

    /**
     * Task weights (see {@link #TASKS}) read from file: a generator trained for edits or answers, refused with the command
     * that makes one otherwise.
     */
    public static Generator taskGenerator(Path file, TensorFile.Contents weights, NDManager manager) throws IOException {
        Generator tasks = generator(weights, manager);
        if (!tasks.config().editing() && !tasks.config().understanding()) {
            tasks.close();
            throw new IOException(file + " holds text-to-image weights only, not edit and answer weights; make them with: "
                    + MammothModel.TRAIN_UNIFIED);
        }
        return tasks;
    }

    /**
     * Two generators serve one model only if they read the same words and the same tokenizer's codes and latents: the text
     * tokenizer, the request checks and the decoding are shared.
     */
    public static void requireSameWorld(Generator.Config generator, Generator.Config tasks) {
        if (!generator.vocabulary().equals(tasks.vocabulary()) || generator.promptLength() != tasks.promptLength()) {
            throw new IllegalArgumentException("the edit and answer weights (" + TASKS + ") were trained with other words than the "
                    + "text-to-image weights (" + GENERATOR + "): train them again from these with " + MammothModel.TRAIN_UNIFIED);
        }
        if (generator.grid() != tasks.grid() || generator.latentDim() != tasks.latentDim() || generator.codebook() != tasks.codebook()
                || !java.util.Objects.equals(generator.planCodes(), tasks.planCodes())) {
            throw new IllegalArgumentException("the edit and answer weights (" + TASKS + ") were trained on another tokenizer than the "
                    + "text-to-image weights (" + GENERATOR + "): train them again from these with " + MammothModel.TRAIN_UNIFIED);
        }
    }

    public static Generator readGenerator(Path file, NDManager manager) throws IOException {
        return generator(TensorFile.read(file, TRAIN_GENERATOR), manager);
    }

    /** The generator a weights file holds, from its verified contents. */
    public static Generator generator(TensorFile.Contents weights, NDManager manager) {
        Generator generator = new Generator(Generator.configFromHeader(weights.header()), manager, 0);
        generator.parameters().load(weights.tensors());
        return generator;
    }
}
