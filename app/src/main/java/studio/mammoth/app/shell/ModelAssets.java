package studio.mammoth.app.shell;

import java.nio.file.Path;
import studio.mammoth.model.api.ModelFiles;

/**
 * Where trained weights live and whether a given model is there: {@code assets/models/} holds each model's weights
 * beside its model card (*.md). A workspace asks before it offers anything that needs the model, so a fresh checkout
 * says what is missing instead of failing mid-job.
 *
 * <p>The directory is {@code -D}{@value #DIR_PROPERTY} when set (the packaged app points it into its image), else
 * {@code assets/models} of the checkout ({@link ModelFiles#directory()}, the folder the command line uses too).
 */
public final class ModelAssets {
    public static final String DIR_PROPERTY = ModelFiles.DIRECTORY_PROPERTY;

    private final Path directory;

    public ModelAssets(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    public static ModelAssets locate() {
        return new ModelAssets(ModelFiles.directory());
    }

    public Path directory() {
        return directory;
    }

    /** The folder of one model, present or not. */
    public Path folder(String model) {
        return directory.resolve(model);
    }

    /** A model's folder as a user would type it: relative to the checkout when it lies inside it, else absolute. */
    public String describe(String model) {
        return relativeToCheckout(folder(model));
    }

    /** The models directory, written like {@link #describe}. */
    public String describeDirectory() {
        return relativeToCheckout(directory);
    }

    private static String relativeToCheckout(Path folder) {
        String home = System.getProperty("mammoth.home");
        if (home != null && !home.isBlank()) {
            Path root = Path.of(home).toAbsolutePath().normalize();
            if (folder.startsWith(root)) {
                return root.relativize(folder).toString();
            }
        }
        return folder.toString();
    }
}
