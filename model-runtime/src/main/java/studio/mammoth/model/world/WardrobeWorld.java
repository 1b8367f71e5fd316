package studio.mammoth.model.world;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import studio.mammoth.common.data.FashionMnist;
import studio.mammoth.common.image.RgbImage;

/**
 * The wardrobe world: 64x64 scenes of 1–4 Fashion-MNIST garments, tinted with the GenEval colors, scaled to about
 * 18–32 px and placed without overlap on a plain background. Everything is a pure function of a seed.
 * Build it from the train split for training scenes and from the test split for evaluation renders.
 */
public final class WardrobeWorld {
    public static final int SIDE = 64;
    public static final int MIN_SIZE = 18;
    public static final int MAX_GARMENTS = 4;
    /** Empty pixels between the tight boxes of two garments, so a detector sees them as separate objects. */
    public static final int GAP = 3;
    /** Empty pixels between a garment and the image border. */
    public static final int MARGIN = 1;
    private static final int PLACEMENT_TRIES = 80;
    private static final int SCENE_TRIES = 200;

    private final FashionMnist.Split split;
    private final int[][] exemplarsByClass;
    /** Garment squares sit at multiples of this many pixels and their sizes step by it (1: anywhere, every size). */
    private final int grid;

    /** A world drawing from every image of the split. */
    public WardrobeWorld(FashionMnist.Split split) {
        this(split, i -> true);
    }

    /**
     * A world drawing only the exemplars {@code keep} accepts (e.g. those the judge recognises confidently; see
     * studio.mammoth.model.judge.ExemplarCuration). Every class must keep at least one exemplar.
     */
    public WardrobeWorld(FashionMnist.Split split, IntPredicate keep) {
        this.split = split;
        int classes = Vocabulary.CLASS_NAMES.size();
        int[][] lists = new int[classes][split.size()];
        int[] counts = new int[classes];
        for (int i = 0; i < split.size(); i++) {
            if (keep.test(i)) {
                int c = split.label(i);
                lists[c][counts[c]++] = i;
            }
        }
        exemplarsByClass = new int[classes][];
        for (int c = 0; c < classes; c++) {
            if (counts[c] == 0) {
                throw new IllegalArgumentException("no exemplar of class " + Vocabulary.CLASS_NAMES.get(c) + " left in the world");
            }
            exemplarsByClass[c] = Arrays.copyOf(lists[c], counts[c]);
        }
        grid = 1;
    }

    private WardrobeWorld(FashionMnist.Split split, int[][] exemplarsByClass, int grid) {
        this.split = split;
        this.exemplarsByClass = exemplarsByClass;
        this.grid = grid;
    }

    /**
     * The same world with each garment's square at multiples of {@code step} pixels and sizes {@code MIN_SIZE + k * step}.
     * A training-data choice: the tokenizer's 8-pixel cells then see each exemplar at a few offsets and sizes instead of
     * 64 offsets and 15 sizes, so the codes a garment becomes are far fewer for the AR to learn.
     */
    public WardrobeWorld onGrid(int step) {
        if (step < 1 || step > MIN_SIZE) {
            throw new IllegalArgumentException("grid step must be 1.." + MIN_SIZE + " pixels, not " + step);
        }
        return new WardrobeWorld(split, exemplarsByClass, step);
    }

    /** The same world drawing only the first {@code perClass} exemplars of each class (all of a class that has fewer). */
    public WardrobeWorld firstExemplars(int perClass) {
        if (perClass < 1) {
            throw new IllegalArgumentException("at least one exemplar a class, not " + perClass);
        }
        int[][] kept = new int[exemplarsByClass.length][];
        for (int c = 0; c < kept.length; c++) {
            kept[c] = Arrays.copyOf(exemplarsByClass[c], Math.min(perClass, exemplarsByClass[c].length));
        }
        return new WardrobeWorld(split, kept, grid);
    }

    public FashionMnist.Split split() {
        return split;
    }

    // ---------------------------------------------------------------- sampling

    public Scene sample(long seed) {
        return sample(new SplittableRandom(seed));
    }

    /** A random scene: 1–4 garments (1: 25%, 2: 35%, 3: 25%, 4: 15%), random classes and colors, a background they all show on. */
    public Scene sample(SplittableRandom rng) {
        double u = rng.nextDouble();
        int n = u < 0.25 ? 1 : u < 0.60 ? 2 : u < 0.85 ? 3 : 4;
        for (int attempt = 0; attempt < SCENE_TRIES; attempt++) {
            WardrobeColor bg = randomColor(rng);
            List<Garment> placed = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Garment g = place(rng.nextInt(Vocabulary.CLASS_NAMES.size()), randomColorOn(bg, rng), n, placed, rng, box -> true);
                if (g == null) {
                    break;
                }
                placed.add(g);
            }
            if (placed.size() == n) {
                return new Scene(bg, placed);
            }
        }
        throw new IllegalStateException("could not place " + n + " garments in " + SCENE_TRIES + " attempts");
    }

    /**
     * A scene that satisfies the prompt and holds nothing else: each include's objects (in the asked color, or a random
     * one), every asked relation true by GenEval's rule and the only relation between the two boxes. The oracle of the benchmark and the generator of training pairs.
     *
     * @throws IllegalArgumentException when the prompt asks for more than 4 garments or cannot be placed
     */
    public Scene sceneFor(GenEvalPrompt prompt, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<GenEvalPrompt.Include> include = prompt.include();
        int total = include.stream().mapToInt(GenEvalPrompt.Include::count).sum();
        if (total > MAX_GARMENTS) {
            throw new IllegalArgumentException("'" + prompt.prompt() + "' asks for " + total + " garments; a scene holds at most " + MAX_GARMENTS);
        }
        for (int attempt = 0; attempt < SCENE_TRIES; attempt++) {
            WardrobeColor bg = randomColor(rng);
            if (include.stream().anyMatch(inc -> inc.color() != null && !inc.color().visibleOn(bg))) {
                continue;
            }
            List<Garment> placed = new ArrayList<>();
            List<Integer> owner = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < include.size() && ok; i++) {
                GenEvalPrompt.Include inc = include.get(i);
                for (int k = 0; k < inc.count() && ok; k++) {
                    int self = i;
                    WardrobeColor color = inc.color() != null ? inc.color() : randomColorOn(bg, rng);
                    Garment g = place(inc.classIndex(), color, total, placed, rng,
                            box -> relationsHold(include, self, box, placed, owner));
                    ok = g != null;
                    if (ok) {
                        placed.add(g);
                        owner.add(i);
                    }
                }
            }
            if (ok) {
                return new Scene(bg, placed);
            }
        }
        throw new IllegalArgumentException("could not place '" + prompt.prompt() + "' in " + SCENE_TRIES + " attempts");
    }

    /** Whether a box for an object of include {@code self} keeps every asked relation with the objects already placed. */
    private static boolean relationsHold(List<GenEvalPrompt.Include> include, int self, Box box, List<Garment> placed, List<Integer> owner) {
        GenEvalPrompt.Include mine = include.get(self);
        for (int j = 0; j < placed.size(); j++) {
            int other = owner.get(j);
            if (mine.relation() != null && mine.target() == other && !mine.relation().clearlyHolds(box, placed.get(j).box())) {
                return false;
            }
            GenEvalPrompt.Include theirs = include.get(other);
            if (theirs.relation() != null && theirs.target() == self && !theirs.relation().clearlyHolds(placed.get(j).box(), box)) {
                return false;
            }
        }
        return true;
    }

    /** The largest garment size that leaves room for {@code n} garments. */
    static int maxSize(int n) {
        return switch (n) {
            case 1 -> 32;
            case 2 -> 30;
            case 3 -> 26;
            default -> 22;
        };
    }

    /**
     * A garment of the class and color at a random free spot that {@code accept} allows, with a random exemplar and a size
     * suited to a scene of {@code sceneSize} garments; null when no spot was found.
     */
    public Garment place(int classIndex, WardrobeColor color, int sceneSize, List<Garment> placed, SplittableRandom rng,
                         java.util.function.Predicate<Box> accept) {
        int[] exemplars = exemplarsByClass[classIndex];
        int exemplar = exemplars[rng.nextInt(exemplars.length)];
        int size = MIN_SIZE + grid * rng.nextInt((maxSize(sceneSize) - MIN_SIZE) / grid + 1);
        return placeExemplar(classIndex, color, exemplar, size, placed, rng, accept);
    }

    /** The given exemplar at size (shrinking by 2 px, or the grid step, when nothing fits) at a random free spot, or null. */
    public Garment placeExemplar(int classIndex, WardrobeColor color, int exemplar, int size, List<Garment> placed,
                                 SplittableRandom rng, java.util.function.Predicate<Box> accept) {
        for (int s = size; s >= MIN_SIZE; s -= Math.max(2, grid)) {
            Sprite sprite = Sprite.of(split, exemplar, s);
            // the square's corner on the grid, keeping the drawn pixels MARGIN inside the picture
            int minX = -Math.floorDiv(sprite.x0 - MARGIN, grid), maxX = Math.floorDiv(SIDE - MARGIN - sprite.x1, grid);
            int minY = -Math.floorDiv(sprite.y0 - MARGIN, grid), maxY = Math.floorDiv(SIDE - MARGIN - sprite.y1, grid);
            if (maxX < minX || maxY < minY) {
                continue;
            }
            for (int t = 0; t < PLACEMENT_TRIES; t++) {
                int x = grid * (minX + rng.nextInt(maxX - minX + 1));
                int y = grid * (minY + rng.nextInt(maxY - minY + 1));
                Box box = sprite.box(x, y);
                if (isFree(box, placed) && accept.test(box)) {
                    return new Garment(classIndex, color, exemplar, s, x, y, box);
                }
            }
        }
        return null;
    }

    /** Whether the box keeps the gap to every placed garment. */
    public static boolean isFree(Box box, List<Garment> placed) {
        for (Garment g : placed) {
            if (box.within(g.box(), GAP)) {
                return false;
            }
        }
        return true;
    }

    /** A one-garment scene with the exemplar centred (the judge's classifier trains and is checked on these). */
    public Scene single(int exemplar, WardrobeColor color, WardrobeColor background, int size) {
        Sprite sprite = Sprite.of(split, exemplar, size);
        int x = (SIDE - (sprite.x0 + sprite.x1)) / 2, y = (SIDE - (sprite.y0 + sprite.y1)) / 2;
        return new Scene(background, List.of(new Garment(split.label(exemplar), color, exemplar, size, x, y, sprite.box(x, y))));
    }

    public static WardrobeColor randomColor(SplittableRandom rng) {
        WardrobeColor[] all = WardrobeColor.values();
        return all[rng.nextInt(all.length)];
    }

    /** A random garment color that shows on the background. */
    public static WardrobeColor randomColorOn(WardrobeColor background, SplittableRandom rng) {
        while (true) {
            WardrobeColor c = randomColor(rng);
            if (c.visibleOn(background)) {
                return c;
            }
        }
    }

    // ---------------------------------------------------------------- rendering

    /** The scene as a 64x64 picture: the background tone, each garment's shading in its color. */
    public RgbImage render(Scene scene) {
        int[] rgb = new int[SIDE * SIDE];
        Arrays.fill(rgb, scene.background().background());
        for (Garment g : scene.garments()) {
            Sprite sprite = Sprite.of(split, g.exemplar(), g.size());
            forEachDrawn(g, sprite, (index, shade) -> rgb[index] = g.color().shade(shade));
        }
        return new RgbImage(SIDE, SIDE, rgb);
    }

    /** Which garment (its index in the scene) covers each pixel, -1 for background; row-major 64x64. */
    public int[] coverage(Scene scene) {
        int[] owner = new int[SIDE * SIDE];
        Arrays.fill(owner, -1);
        for (int i = 0; i < scene.garments().size(); i++) {
            Garment g = scene.garments().get(i);
            int index = i;
            forEachDrawn(g, Sprite.of(split, g.exemplar(), g.size()), (p, shade) -> owner[p] = index);
        }
        return owner;
    }

    private interface PixelVisitor {
        void visit(int index, double shade);
    }

    private static void forEachDrawn(Garment g, Sprite sprite, PixelVisitor visitor) {
        for (int v = sprite.y0; v < sprite.y1; v++) {
            int y = g.y() + v;
            for (int u = sprite.x0; u < sprite.x1; u++) {
                float s = sprite.shade[v * sprite.size + u];
                if (s > 0) {
                    visitor.visit(y * SIDE + g.x() + u, s);
                }
            }
        }
    }
}
