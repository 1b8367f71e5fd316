package studio.mammoth.model;

import ai.djl.ndarray.NDManager;
import java.util.List;
import studio.mammoth.model.align.AlignConfig;
import studio.mammoth.model.api.Generator;
import studio.mammoth.model.ar.ArConfig;
import studio.mammoth.model.dit.DitConfig;
import studio.mammoth.model.engine.DjlEngine;
import studio.mammoth.model.tok.MammothTok;

/** Tiny configurations shared by the model tests: a few thousand weights, milliseconds per step. */
public final class ModelFixture {
    public static final List<String> WORDS = List.of("a", "photo", "of", "red", "blue", "green", "bag", "sneaker", "left", "right");

    private ModelFixture() {
    }

    public static NDManager manager() {
        return DjlEngine.engine().newBaseManager();
    }

    public static Generator.Config tinyGenerator(MammothTok.Config tok) {
        return Generator.Config.of(ArConfig.tiny(), AlignConfig.tiny(), DitConfig.tiny(), 6, tok, WORDS);
    }
}
