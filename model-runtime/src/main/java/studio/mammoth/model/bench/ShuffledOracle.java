package studio.mammoth.model.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.world.GenEvalPrompt;
import studio.mammoth.model.world.WardrobeWorld;

/**
 * The negative control: the ground-truth render of a different prompt of the same task (a different text, so "a photo
 * of a bag" is never answered with another "a photo of a bag"). A judge that passes these is not reading the picture.
 */
public final class ShuffledOracle implements PromptRenderer {
    private final WardrobeWorld world;
    private final List<GenEvalPrompt> pool;

    /** @param pool the prompts of the run; the stand-in is drawn among those of the same task that the world can hold */
    public ShuffledOracle(WardrobeWorld world, List<GenEvalPrompt> pool) {
        this.world = world;
        List<GenEvalPrompt> holdable = new ArrayList<>();
        for (GenEvalPrompt p : pool) {
            try {
                world.sceneFor(p, 0);
                holdable.add(p);
            } catch (IllegalArgumentException e) {
                // more garments than a scene holds: never a stand-in
            }
        }
        this.pool = List.copyOf(holdable);
    }

    @Override
    public String name() {
        return "shuffled-oracle";
    }

    @Override
    public RgbImage render(GenEvalPrompt prompt, long seed) {
        List<GenEvalPrompt> others = new ArrayList<>();
        for (GenEvalPrompt p : pool) {
            if (p.task() == prompt.task() && !p.prompt().equals(prompt.prompt())) {
                others.add(p);
            }
        }
        if (others.isEmpty()) {
            throw new IllegalArgumentException("no other " + prompt.task().tag() + " prompt to stand in for '" + prompt.prompt() + "'");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        GenEvalPrompt stand = others.get(rng.nextInt(others.size()));
        return world.render(world.sceneFor(stand, rng.nextLong()));
    }
}
