package studio.mammoth.model.judge;

import java.io.IOException;
import java.nio.file.Path;
import studio.mammoth.common.data.FashionMnist;
import studio.mammoth.model.world.WardrobeWorld;

/**
 * The worlds the product uses: Fashion-MNIST's train split (for training) or test split (for evaluation), drawing only
 * the exemplars the judge recognises confidently ({@link ExemplarCuration}), so that what the model learns to draw is
 * what the judge can verify.
 */
public final class CuratedWorlds {
    private CuratedWorlds() {
    }

    /** Train split, curated: where training pairs come from. */
    public static WardrobeWorld training() throws IOException {
        return of(FashionMnist.Part.TRAIN, JudgeFiles.directory());
    }

    /** Test split, curated: where every benchmark's ground truth comes from. */
    public static WardrobeWorld evaluation() throws IOException {
        return of(FashionMnist.Part.TEST, JudgeFiles.directory());
    }

    public static WardrobeWorld of(FashionMnist.Part part, Path judgeDirectory) throws IOException {
        FashionMnist.Split split = FashionMnist.load(part);
        return new WardrobeWorld(split, JudgeFiles.curatedExemplars(judgeDirectory, part));
    }
}
