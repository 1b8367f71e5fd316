package studio.mammoth.model.world;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Makes edit pairs from a world. Every garment of a source scene has its own (color, class), so "the red bag" names
 * exactly one garment, and every edit keeps it that way. Regions: the touched garments' boxes grown by one pixel, the
 * background pixels for a background change, everything but the kept garment for an extract.
 */
public final class EditPairs {
    private static final int TRIES = 500;
    private static final EditCategory[] HYBRID_PARTS = {EditCategory.ADD, EditCategory.REMOVE, EditCategory.REPLACE,
            EditCategory.ADJUST, EditCategory.BACKGROUND};

    private final WardrobeWorld world;

    public EditPairs(WardrobeWorld world) {
        this.world = world;
    }

    /** An edit of a random category. */
    public EditPair sample(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        EditCategory[] all = EditCategory.values();
        return make(all[rng.nextInt(all.length)], rng);
    }

    public EditPair make(EditCategory category, long seed) {
        return make(category, new SplittableRandom(seed));
    }

    public EditPair make(EditCategory category, SplittableRandom rng) {
        for (int attempt = 0; attempt < TRIES; attempt++) {
            Scene source = world.sample(rng);
            if (!distinctReferents(source)) {
                continue;
            }
            EditPair pair = category == EditCategory.HYBRID ? hybrid(source, rng) : single(category, source, rng);
            if (pair != null) {
                return pair;
            }
        }
        throw new IllegalStateException("could not make a " + category.tag() + " edit in " + TRIES + " attempts");
    }

    private EditPair hybrid(Scene source, SplittableRandom rng) {
        EditCategory first = HYBRID_PARTS[rng.nextInt(HYBRID_PARTS.length)];
        EditCategory second;
        do {
            second = HYBRID_PARTS[rng.nextInt(HYBRID_PARTS.length)];
        } while (second == first);
        EditPair a = single(first, source, rng);
        if (a == null) {
            return null;
        }
        EditPair b = single(second, a.target(), rng);
        if (b == null || mentionsSameGarment(a, b)) {
            return null;
        }
        return new EditPair(EditCategory.HYBRID, source, a.instruction() + " and " + b.instruction(), b.target(),
                a.region().union(b.region()), null);
    }

    /** A hybrid must not edit a garment the other half made or changed ("add a red bag and remove the red bag"). */
    private static boolean mentionsSameGarment(EditPair a, EditPair b) {
        Set<String> touchedByA = new HashSet<>();
        for (Garment g : a.target().garments()) {
            if (!a.source().garments().contains(g)) {
                touchedByA.add(g.phrase());
            }
        }
        for (Garment g : a.source().garments()) {
            if (!a.target().garments().contains(g)) {
                touchedByA.add(g.phrase());
            }
        }
        for (String phrase : touchedByA) {
            if (b.instruction().contains(phrase)) {
                return true;
            }
        }
        return false;
    }

    /** The edit of one category applied to the source, or null when this source does not allow it. */
    private EditPair single(EditCategory category, Scene source, SplittableRandom rng) {
        List<Garment> gs = source.garments();
        int n = gs.size();
        return switch (category) {
            case ADD -> n >= WardrobeWorld.MAX_GARMENTS ? null : add(source, rng);
            case REMOVE -> n < 2 ? null : remove(source, rng.nextInt(n));
            case REPLACE -> replace(source, rng.nextInt(n), rng);
            case ADJUST -> adjust(source, rng.nextInt(n), rng);
            case BACKGROUND -> background(source, rng);
            case MOVE -> n < 2 ? null : move(source, rng);
            case EXTRACT -> n < 2 ? null : extract(source, rng.nextInt(n));
            case HYBRID -> throw new IllegalArgumentException("hybrid is made of two single edits");
        };
    }

    private EditPair add(Scene source, SplittableRandom rng) {
        int c = rng.nextInt(Vocabulary.CLASS_NAMES.size());
        WardrobeColor color = WardrobeWorld.randomColorOn(source.background(), rng);
        if (source.count(c, color) > 0) {
            return null;
        }
        Garment g = world.place(c, color, source.garments().size() + 1, source.garments(), rng, box -> true);
        if (g == null) {
            return null;
        }
        return new EditPair(EditCategory.ADD, source, "add " + Captions.phrase(g), source.with(g), boxes(g.box()), null);
    }

    private static EditPair remove(Scene source, int i) {
        Garment g = source.garments().get(i);
        return new EditPair(EditCategory.REMOVE, source, "remove the " + g.phrase(), source.without(i), boxes(g.box()), null);
    }

    private EditPair replace(Scene source, int i, SplittableRandom rng) {
        Garment old = source.garments().get(i);
        int c = rng.nextInt(Vocabulary.CLASS_NAMES.size());
        WardrobeColor color = WardrobeWorld.randomColorOn(source.background(), rng);
        if (c == old.classIndex() || source.count(c, color) > 0) {
            return null;
        }
        List<Garment> others = source.without(i).garments();
        // The new garment takes the old one's place: its box centre within 3 px of the old centre.
        Garment g = world.place(c, color, source.garments().size(), others, rng,
                box -> Math.abs(box.centerX() - old.box().centerX()) <= 3 && Math.abs(box.centerY() - old.box().centerY()) <= 3);
        if (g == null) {
            return null;
        }
        return new EditPair(EditCategory.REPLACE, source, "replace the " + old.phrase() + " with " + Captions.phrase(g),
                source.replacing(i, g), boxes(old.box(), g.box()), null);
    }

    private static EditPair adjust(Scene source, int i, SplittableRandom rng) {
        Garment old = source.garments().get(i);
        WardrobeColor color = WardrobeWorld.randomColorOn(source.background(), rng);
        if (color == old.color() || source.count(old.classIndex(), color) > 0) {
            return null;
        }
        String instruction = rng.nextBoolean()
                ? "make the " + old.phrase() + " " + color.word()
                : "change the color of the " + old.phrase() + " to " + color.word();
        return new EditPair(EditCategory.ADJUST, source, instruction, source.replacing(i, old.withColor(color)), boxes(old.box()), null);
    }

    private EditPair background(Scene source, SplittableRandom rng) {
        WardrobeColor bg = WardrobeWorld.randomColor(rng);
        if (bg == source.background() || source.garments().stream().anyMatch(g -> !g.color().visibleOn(bg))) {
            return null;
        }
        String instruction = rng.nextBoolean() ? "change the background to " + bg.word() : "make the background " + bg.word();
        PixelMask backgroundPixels = PixelMask.ofCoverage(WardrobeWorld.SIDE, world.coverage(source), -1);
        return new EditPair(EditCategory.BACKGROUND, source, instruction, source.withBackground(bg), backgroundPixels, null);
    }

    private EditPair move(Scene source, SplittableRandom rng) {
        List<Garment> gs = source.garments();
        int mover = rng.nextInt(gs.size());
        int anchor = rng.nextInt(gs.size() - 1);
        anchor = anchor >= mover ? anchor + 1 : anchor;
        Relation relation = Relation.values()[rng.nextInt(Relation.values().length)];
        Garment m = gs.get(mover);
        Box anchorBox = gs.get(anchor).box();
        if (Relation.between(m.box(), anchorBox).contains(relation)) {
            return null;
        }
        List<Garment> others = source.without(mover).garments();
        Garment moved = null;
        for (int t = 0; t < 40 && moved == null; t++) {
            Garment candidate = world.placeExemplar(m.classIndex(), m.color(), m.exemplar(), m.size(), others, rng,
                    box -> relation.clearlyHolds(box, anchorBox));
            if (candidate != null && candidate.size() == m.size()) {
                moved = candidate;
            }
        }
        if (moved == null) {
            return null;
        }
        String instruction = "move the " + m.phrase() + " " + relation.phrase() + " the " + gs.get(anchor).phrase();
        return new EditPair(EditCategory.MOVE, source, instruction, source.replacing(mover, moved), boxes(m.box(), moved.box()),
                new EditPair.MoveGoal(mover, relation, anchor));
    }

    private EditPair extract(Scene source, int i) {
        Garment g = source.garments().get(i);
        WardrobeColor bg = g.color().visibleOn(WardrobeColor.WHITE) ? WardrobeColor.WHITE : WardrobeColor.BLACK;
        PixelMask kept = PixelMask.ofCoverage(WardrobeWorld.SIDE, world.coverage(source), i);
        return new EditPair(EditCategory.EXTRACT, source, "extract the " + g.phrase() + " on a plain " + bg.word() + " background",
                new Scene(bg, List.of(g)), kept.inverse(), null);
    }

    private static PixelMask boxes(Box... boxes) {
        return PixelMask.ofBoxes(WardrobeWorld.SIDE, 1, boxes);
    }

    /** Whether no two garments share color and class. */
    public static boolean distinctReferents(Scene scene) {
        Set<String> seen = new HashSet<>();
        for (Garment g : scene.garments()) {
            if (!seen.add(g.phrase())) {
                return false;
            }
        }
        return true;
    }

    /** The garments of the scene by phrase, for tests and scorers. */
    public static List<String> phrases(Scene scene) {
        List<String> out = new ArrayList<>();
        for (Garment g : scene.garments()) {
            out.add(g.phrase());
        }
        return out;
    }
}
