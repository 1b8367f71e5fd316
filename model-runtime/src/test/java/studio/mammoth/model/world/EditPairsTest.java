package studio.mammoth.model.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import studio.mammoth.common.image.RgbImage;

/**
 * The target of every edit pair really is the source after the instruction: the instruction text is read back by a small
 * interpreter written here from the grammar alone, applied to the source's garment list, and must give the target's; and the
 * target picture equals the source picture everywhere outside the edit region.
 */
class EditPairsTest {
    private static final String GARMENT = "(red|orange|yellow|green|blue|purple|pink|brown|black|white) ([a-z -]+?)";
    private static final Pattern ADD = Pattern.compile("add an? " + GARMENT);
    private static final Pattern REMOVE = Pattern.compile("remove the " + GARMENT);
    private static final Pattern REPLACE = Pattern.compile("replace the " + GARMENT + " with an? " + GARMENT);
    private static final Pattern MAKE = Pattern.compile("make the " + GARMENT + " (\\w+)");
    private static final Pattern CHANGE = Pattern.compile("change the color of the " + GARMENT + " to (\\w+)");
    private static final Pattern BACKGROUND = Pattern.compile("(?:change the background to|make the background) (\\w+)");
    private static final Pattern MOVE = Pattern.compile("move the " + GARMENT + " (left of|right of|above|below) the " + GARMENT);
    private static final Pattern EXTRACT = Pattern.compile("extract the " + GARMENT + " on a plain (\\w+) background");

    private final WardrobeWorld world = TestWorlds.world();
    private final EditPairs pairs = new EditPairs(world);

    /** The state the interpreter tracks: background word and garment phrases ("red bag"). */
    private record State(String background, List<String> garments) {
    }

    @Test
    void everyCategoryTargetIsTheSourceAfterItsInstruction() {
        for (EditCategory category : EditCategory.values()) {
            for (long seed = 0; seed < 40; seed++) {
                EditPair pair = pairs.make(category, seed);
                assertEquals(category, pair.category());
                State expected = apply(pair.instruction(), state(pair.source()), pair);
                State actual = state(pair.target());
                assertEquals(sorted(expected.garments()), sorted(actual.garments()), pair.instruction());
                assertEquals(expected.background(), actual.background(), pair.instruction());
                assertNotEquals(pair.source(), pair.target(), "an edit changes something");
                assertTrue(EditPairs.distinctReferents(pair.target()));
            }
        }
    }

    @Test
    void outsideTheRegionTheTargetPictureIsTheSourcePicture() {
        for (EditCategory category : EditCategory.values()) {
            for (long seed = 0; seed < 40; seed++) {
                EditPair pair = pairs.make(category, seed);
                RgbImage src = world.render(pair.source()), dst = world.render(pair.target());
                int changedInside = 0;
                for (int y = 0; y < 64; y++) {
                    for (int x = 0; x < 64; x++) {
                        if (!pair.region().contains(x, y)) {
                            assertEquals(src.get(x, y), dst.get(x, y), category + " changed a pixel outside its region: " + pair.instruction());
                        } else if (src.get(x, y) != dst.get(x, y)) {
                            changedInside++;
                        }
                    }
                }
                assertTrue(changedInside > 0, "the edit shows: " + pair.instruction());
            }
        }
    }

    @Test
    void editsAreDeterministic() {
        for (EditCategory category : EditCategory.values()) {
            assertEquals(pairs.make(category, 5), new EditPairs(TestWorlds.world()).make(category, 5));
        }
    }

    private static State state(Scene s) {
        return new State(s.background().word(), new ArrayList<>(EditPairs.phrases(s)));
    }

    private static List<String> sorted(List<String> l) {
        List<String> c = new ArrayList<>(l);
        c.sort(null);
        return c;
    }

    /** Reads one or two ("X and Y", where Y starts with a verb) instructions and applies them. */
    private State apply(String instruction, State state, EditPair pair) {
        Matcher hybrid = Pattern.compile("(.+?) and ((?:add|remove|replace|make|change|move|extract) .+)").matcher(instruction);
        if (pair.category() == EditCategory.HYBRID) {
            assertTrue(hybrid.matches(), instruction);
            return apply1(hybrid.group(2), apply1(hybrid.group(1), state, pair), pair);
        }
        return apply1(instruction, state, pair);
    }

    private State apply1(String instruction, State s, EditPair pair) {
        List<String> g = new ArrayList<>(s.garments());
        Matcher m;
        if ((m = ADD.matcher(instruction)).matches()) {
            g.add(m.group(1) + " " + m.group(2));
            return new State(s.background(), g);
        }
        if ((m = REMOVE.matcher(instruction)).matches()) {
            assertTrue(g.remove(m.group(1) + " " + m.group(2)), "removes a garment that is there: " + instruction);
            return new State(s.background(), g);
        }
        if ((m = REPLACE.matcher(instruction)).matches()) {
            int i = g.indexOf(m.group(1) + " " + m.group(2));
            assertTrue(i >= 0, instruction);
            g.set(i, m.group(3) + " " + m.group(4));
            return new State(s.background(), g);
        }
        if ((m = MAKE.matcher(instruction)).matches() || (m = CHANGE.matcher(instruction)).matches()) {
            int i = g.indexOf(m.group(1) + " " + m.group(2));
            assertTrue(i >= 0, instruction);
            assertNotNull(WardrobeColor.ofWord(m.group(3)));
            g.set(i, m.group(3) + " " + m.group(2));
            return new State(s.background(), g);
        }
        if ((m = BACKGROUND.matcher(instruction)).matches()) {
            return new State(m.group(1), g);
        }
        if ((m = MOVE.matcher(instruction)).matches()) {
            Scene t = pair.target();
            Garment mover = find(t, m.group(1) + " " + m.group(2));
            Garment anchor = find(t, m.group(4) + " " + m.group(5));
            assertTrue(Relation.between(mover.box(), anchor.box()).contains(Relation.ofPhrase(m.group(3))), instruction);
            assertTrue(!Relation.between(find(pair.source(), mover.phrase()).box(), anchor.box()).contains(Relation.ofPhrase(m.group(3))),
                    "the relation did not already hold");
            return s;
        }
        if ((m = EXTRACT.matcher(instruction)).matches()) {
            String kept = m.group(1) + " " + m.group(2);
            assertTrue(g.contains(kept), instruction);
            return new State(m.group(3), List.of(kept));
        }
        fail("instruction outside the grammar: " + instruction);
        return s;
    }

    private static Garment find(Scene s, String phrase) {
        return s.garments().stream().filter(x -> x.phrase().equals(phrase)).findFirst().orElseThrow();
    }
}
