package studio.mammoth.app.imaging;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import studio.mammoth.model.align.AlignConfig;
import studio.mammoth.model.api.Generator;
import studio.mammoth.model.api.MammothModel;
import studio.mammoth.model.ar.ArConfig;
import studio.mammoth.model.dit.DitConfig;
import studio.mammoth.model.engine.DjlEngine;
import studio.mammoth.model.nn.Parameters;
import studio.mammoth.model.tok.MammothTok;
import studio.mammoth.model.world.Vocabulary;

/**
 * The real model classes at tiny, untrained sizes over the whole world vocabulary, built in milliseconds: what they
 * draw and answer is noise, but the workspaces drive them through exactly the path the shipped weights take.
 */
public final class TinyModels implements AutoCloseable {
    private final List<NDManager> managers = new ArrayList<>();

    /**
     * @param unified with edit and answer weights beside the text-to-image ones (as shipped), or text-to-image weights alone
     */
    public ImageModelSource source(Path location, boolean unified) {
        return new ImageModelSource() {
            @Override
            public boolean present() {
                return true;
            }

            @Override
            public Path location() {
                return location;
            }

            @Override
            public MammothModel load() {
                NDManager manager = DjlEngine.engine().newBaseManager();
                synchronized (managers) {
                    managers.add(manager);
                }
                MammothTok.Config tok = MammothTok.Config.tiny();
                Generator.Config config = Generator.Config.of(ArConfig.tiny(), AlignConfig.tiny(), DitConfig.tiny(), 12, tok, Vocabulary.words());
                MammothTok tokenizer = new MammothTok(tok, new Parameters(manager, 1));
                Generator textToImage = new Generator(config, manager, 2);
                if (!unified) {
                    return new MammothModel(manager, tokenizer, textToImage, "tiny-text-to-image-untrained");
                }
                Generator tasks = new Generator(config.with(Generator.Variant.SERIAL, true, true), manager, 3);
                return new MammothModel(manager, tokenizer, textToImage, "tiny-text-to-image-untrained", tasks, "tiny-tasks-untrained");
            }
        };
    }

    @Override
    public void close() {
        synchronized (managers) {
            managers.forEach(NDManager::close);
            managers.clear();
        }
    }
}
