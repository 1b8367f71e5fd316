package studio.mammoth.app.create;

import java.io.IOException;
import java.nio.file.Path;
import studio.mammoth.model.api.MammothModel;
import studio.mammoth.model.api.ModelFiles;

/** Where Create gets its model: the shipped weights in the product, a tiny in-memory model in tests. */
public interface ImageModelSource {
    /** True when {@link #load()} can be expected to succeed (checked again each time the workspace is shown). */
    boolean present();

    /** Where the weights are looked for, as the user should read it. */
    Path location();

    /** Builds the model; called on a worker thread, once. */
    MammothModel load() throws IOException;

    /** The weights written by {@code ./mammoth train tokenizer|generator} in {@link ModelFiles#directory()}. */
    static ImageModelSource shipped() {
        return new ImageModelSource() {
            @Override
            public boolean present() {
                return ModelFiles.present(location());
            }

            @Override
            public Path location() {
                return ModelFiles.directory().toAbsolutePath().normalize();
            }

            @Override
            public MammothModel load() throws IOException {
                return MammothModel.load(location());
            }
        };
    }
}
