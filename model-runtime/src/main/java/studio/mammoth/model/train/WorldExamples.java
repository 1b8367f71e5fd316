package studio.mammoth.model.train;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import studio.mammoth.common.data.FashionMnist;
import studio.mammoth.model.judge.CuratedWorlds;
import studio.mammoth.model.judge.JudgeFiles;
import studio.mammoth.model.world.Captions;
import studio.mammoth.model.world.GenEvalPrompt;
import studio.mammoth.model.world.Relation;
import studio.mammoth.model.world.Scene;
import studio.mammoth.model.world.Vocabulary;
import studio.mammoth.model.world.WardrobeColor;
import studio.mammoth.model.world.WardrobeWorld;

/**
 * Pairs from the wardrobe world (Fashion-MNIST train split; curated exemplars when the judge is installed):
 * half are random scenes with a varied caption, half are prompts in the GenEval templates (random classes,
 * colours, counts, relations — drawn fresh, not the benchmark's list) with a scene that satisfies them.
 */
public final class WorldExamples implements TrainingExamples {
    private final WardrobeWorld world;
    private final WardrobeWorld unshaped;
    private final String name;

    public WorldExamples(WardrobeWorld world, String name) {
        this(world, world, name);
    }

    private WorldExamples(WardrobeWorld world, WardrobeWorld unshaped, String name) {
        this.world = world;
        this.unshaped = unshaped;
        this.name = name;
    }

    /** The curated training world when the judge's files are present, else the whole train split. */
    public static WorldExamples training() throws IOException {
        if (JudgeFiles.present(JudgeFiles.directory())) {
            return new WorldExamples(CuratedWorlds.training(), "wardrobe world (train split, curated)");
        }
        return new WorldExamples(new WardrobeWorld(FashionMnist.load(FashionMnist.Part.TRAIN)), "wardrobe world (train split)");
    }

    /**
     * The same kind of examples from a changed world (e.g. {@link WardrobeWorld#onGrid}), named with {@code how}. Only the
     * pictures to generate change: {@link #taskWorld()} stays the unchanged one.
     */
    public WorldExamples reshaped(UnaryOperator<WardrobeWorld> change, String how) {
        return new WorldExamples(change.apply(world), unshaped, name + ", " + how);
    }

    /**
     * The world joint training draws its edits and questions from: never reshaped, because the pictures people edit and
     * ask about have garments anywhere, in every style, whatever grid the generator was taught to draw on.
     */
    public WardrobeWorld taskWorld() {
        return unshaped;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> vocabulary() {
        return Vocabulary.words();
    }

    @Override
    public Example example(long index) {
        SplittableRandom rng = new SplittableRandom(0x9E3779B97F4A7C15L * (index + 1));
        if (rng.nextBoolean()) {
            GenEvalPrompt prompt = templatePrompt(rng);
            try {
                Scene scene = world.sceneFor(prompt, rng.nextLong());
                return new Example(prompt.prompt(), world.render(scene));
            } catch (IllegalArgumentException | IllegalStateException unplaceable) {
                // a rare prompt that cannot be placed: fall through to a random scene
            }
        }
        Scene scene = world.sample(rng);
        return new Example(Captions.rich(scene, rng), world.render(scene));
    }

    /** One prompt from the six GenEval templates, uniformly. */
    static GenEvalPrompt templatePrompt(SplittableRandom rng) {
        int classes = Vocabulary.CLASS_NAMES.size();
        WardrobeColor[] colors = WardrobeColor.values();
        int a = rng.nextInt(classes);
        int b = (a + 1 + rng.nextInt(classes - 1)) % classes;
        return switch (rng.nextInt(6)) {
            case 0 -> GenEvalPrompt.singleObject(a);
            case 1 -> GenEvalPrompt.twoObject(a, b);
            case 2 -> GenEvalPrompt.counting(a, 2 + rng.nextInt(3));
            case 3 -> GenEvalPrompt.colors(a, colors[rng.nextInt(colors.length)]);
            case 4 -> GenEvalPrompt.position(a, Relation.values()[rng.nextInt(Relation.values().length)], b);
            default -> GenEvalPrompt.colorAttr(a, colors[rng.nextInt(colors.length)], b, colors[rng.nextInt(colors.length)]);
        };
    }
}
