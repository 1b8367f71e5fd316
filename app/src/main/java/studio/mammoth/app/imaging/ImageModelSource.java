package studio.mammoth.app.imaging;

import java.io.IOException;
import java.nio.file.Path;
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

    /** The weights written by {@code ./mammoth train tokenizer|generator} in {@link ModelFiles#directory()}. */
    static ImageModelSource shipped() {
        return Shipped.INSTANCE;
    }

    /** The shipped weights, loaded once per process however many workspaces ask. */
    final class Shipped implements ImageModelSource {
        private static final Shipped INSTANCE = new Shipped();
        private MammothModel loaded;

        private Shipped() {
        }

        @Override
        public boolean present() {
            return ModelFiles.present(location());
        }

        @Override
        public Path location() {
            return ModelFiles.directory().toAbsolutePath().normalize();
        }

        @Override
        public synchronized MammothModel load() throws IOException {
            if (loaded == null) {
                loaded = MammothModel.load(location());
            }
            return loaded;
        }
    }
}
