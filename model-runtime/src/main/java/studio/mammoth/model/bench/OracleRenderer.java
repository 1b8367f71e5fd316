package studio.mammoth.model.bench;

import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.world.GenEvalPrompt;
import studio.mammoth.model.world.WardrobeWorld;

/** The ground truth: the world's own render of a scene made to satisfy the prompt. Should score (nearly) 1. */
public final class OracleRenderer implements PromptRenderer {
    private final WardrobeWorld world;

    public OracleRenderer(WardrobeWorld world) {
        this.world = world;
    }

    @Override
    public String name() {
        return "oracle";
    }

    @Override
    public RgbImage render(GenEvalPrompt prompt, long seed) {
        return world.render(world.sceneFor(prompt, seed));
    }
}
