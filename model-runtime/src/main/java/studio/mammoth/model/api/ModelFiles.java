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
        Path target = dir.resolve(TOKENIZER);
        if (Files.isRegularFile(target) || tokenizer.toAbsolutePath().getParent().equals(dir.toAbsolutePath())) {
            return;
        }
        Files.copy(tokenizer, target);
        Path sum = tokenizer.resolveSibling(tokenizer.getFileName() + ".sha256");
        if (Files.isRegularFile(sum)) {
            Files.copy(sum, dir.resolve(TOKENIZER + ".sha256"));
        }
    }

    public static MammothTok readTokenizer(Path file, NDManager manager) throws IOException {
        TensorFile.Contents c = TensorFile.read(file, TRAIN_TOKENIZER);
        MammothTok.Config config = GSON.fromJson(GSON.fromJson(c.header(), JsonObject.class).get("config"), MammothTok.Config.class);
        MammothTok tok = new MammothTok(config, new studio.mammoth.model.nn.Parameters(manager, 0));
        tok.parameters().load(c.tensors());
        return tok;
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

    public static Generator readGenerator(Path file, NDManager manager) throws IOException {
        TensorFile.Contents c = TensorFile.read(file, TRAIN_GENERATOR);
        Generator generator = new Generator(Generator.configFromHeader(c.header()), manager, 0);
        generator.parameters().load(c.tensors());
        return generator;
    }
}
