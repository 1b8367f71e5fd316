package studio.mammoth.app.imaging;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import studio.mammoth.model.api.MammothModel;
import studio.mammoth.model.api.ModelFiles;

/**
 * Where the Create, Edit and Ask workspaces get their model: the shipped weights in the product, a tiny in-memory
 * model in tests. The workspaces hold no references to each other, so the shipped source is one shared object: the
 * first workspace to load it pays for loading, the others get the same model.
 */
public interface ImageModelSource {
    /** True when {@link #load()} can be expected to succeed (checked again each time a workspace is shown). */
    boolean present();

    /** Where the weights are looked for, as the user should read it. */
    Path location();

    /** Builds the model; called on a worker thread. */
    MammothModel load() throws IOException;

    /**
     * The weights written by {@code ./mammoth train tokenizer|generator} in a models folder (the shell's
     * {@code ModelAssets}); one shared source per folder.
     */
    static ImageModelSource in(Path directory) {
        return Shipped.in(directory);
    }

    /** The trained weights of one folder, loaded once per process however many workspaces ask. */
    final class Shipped implements ImageModelSource {
        private static final Map<Path, Shipped> BY_FOLDER = new ConcurrentHashMap<>();
        private final Path directory;
        private MammothModel loaded;

        private Shipped(Path directory) {
            this.directory = directory;
        }

        static Shipped in(Path directory) {
            return BY_FOLDER.computeIfAbsent(directory.toAbsolutePath().normalize(), Shipped::new);
        }

        @Override
        public boolean present() {
            return ModelFiles.present(directory);
        }

        @Override
        public Path location() {
            return directory;
        }

        @Override
        public synchronized MammothModel load() throws IOException {
            if (loaded == null) {
                loaded = MammothModel.load(directory);
            }
            return loaded;
        }
    }
}
