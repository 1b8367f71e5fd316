package studio.mammoth.model.world;

import java.io.IOException;
import java.io.UncheckedIOException;
import studio.mammoth.common.data.FashionMnist;

/** The test split, loaded once for all world tests (Fashion-MNIST is a required part of the product, see doctor). */
public final class TestWorlds {
    private static FashionMnist.Split testSplit;

    private TestWorlds() {
    }

    public static synchronized FashionMnist.Split testSplit() {
        if (testSplit == null) {
            try {
                testSplit = FashionMnist.load(FashionMnist.Part.TEST);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return testSplit;
    }

    public static WardrobeWorld world() {
        return new WardrobeWorld(testSplit());
    }
}
