package studio.mammoth.model.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import studio.mammoth.common.image.RgbImage;

class WardrobeWorldTest {
    private final WardrobeWorld world = TestWorlds.world();

    @Test
    void sameSeedSameSceneAndPicture() {
        for (long seed = 0; seed < 50; seed++) {
            assertEquals(world.sample(seed), world.sample(seed));
            assertEquals(world.render(world.sample(seed)), TestWorlds.world().render(world.sample(seed)));
        }
        assertNotEquals(world.sample(1), world.sample(2));
    }

    @Test
    void scenesHoldOneToFourSeparatedVisibleGarmentsInsideThePicture() {
        int[] sizes = new int[5];
        for (long seed = 0; seed < 500; seed++) {
            Scene s = world.sample(seed);
            List<Garment> gs = s.garments();
            sizes[gs.size()]++;
            for (int i = 0; i < gs.size(); i++) {
                Garment g = gs.get(i);
                assertTrue(g.box().insideImage(WardrobeWorld.SIDE, WardrobeWorld.MARGIN), "inside: " + g);
                assertTrue(g.color().visibleOn(s.background()), g.color() + " on " + s.background());
                assertTrue(g.size() >= WardrobeWorld.MIN_SIZE && g.size() <= 32, "size " + g.size());
                for (int j = i + 1; j < gs.size(); j++) {
                    assertFalse(g.box().within(gs.get(j).box(), WardrobeWorld.GAP), "overlap in scene " + seed);
                }
            }
        }
        for (int n = 1; n <= 4; n++) {
            assertTrue(sizes[n] > 40, "scenes of " + n + " garments: " + sizes[n]);
        }
    }

    @Test
    void renderDrawsEachGarmentInShadesOfItsColorInsideItsBoxAndNothingElse() {
        for (long seed = 0; seed < 100; seed++) {
            Scene s = world.sample(seed);
            RgbImage img = world.render(s);
            int[] cover = world.coverage(s);
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    int owner = cover[y * 64 + x];
                    int rgb = img.get(x, y);
                    if (owner < 0) {
                        assertEquals(s.background().background(), rgb);
                    } else {
                        Garment g = s.garments().get(owner);
                        assertTrue(g.box().contains(x, y));
                        assertTrue(g.color().distanceSquared(rgb) <= 3, "pixel off its color ramp");
                    }
                }
            }
            for (int i = 0; i < s.garments().size(); i++) {
                Box box = s.garments().get(i).box();
                assertTrue(touchesEdges(cover, i, box), "the box is tight");
            }
        }
    }

    private static boolean touchesEdges(int[] cover, int owner, Box b) {
        boolean left = false, right = false, top = false, bottom = false;
        for (int y = b.y0(); y < b.y1(); y++) {
            left |= cover[y * 64 + b.x0()] == owner;
            right |= cover[y * 64 + b.x1() - 1] == owner;
        }
        for (int x = b.x0(); x < b.x1(); x++) {
            top |= cover[b.y0() * 64 + x] == owner;
            bottom |= cover[(b.y1() - 1) * 64 + x] == owner;
        }
        return left && right && top && bottom;
    }

    @Test
    void everyShadeOfAGarmentStaysFarFromItsBackgroundAndFromOtherColors() {
        for (WardrobeColor c : WardrobeColor.values()) {
            int visible = 0;
            for (WardrobeColor bg : WardrobeColor.values()) {
                visible += c.visibleOn(bg) ? 1 : 0;
            }
            assertTrue(visible >= 5, c + " shows on only " + visible + " backgrounds");
            assertFalse(c.visibleOn(c));
            for (int i = 0; i <= 20; i++) {
                int rgb = c.shade(i / 20.0);
                for (WardrobeColor other : WardrobeColor.values()) {
                    if (other != c) {
                        assertTrue(other.distanceSquared(rgb) > 30 * 30, c + " shade " + i + " lies within 30 of " + other);
                    }
                }
            }
        }
    }

    @Test
    void builtInSuiteHasGenEvalTaskSizesAndIsDeterministic() {
        List<GenEvalPrompt> suite = GenEvalSuite.builtInSuite();
        assertEquals(553, suite.size());
        Map<GenEvalTask, Integer> counts = new TreeMap<>();
        suite.forEach(p -> counts.merge(p.task(), 1, Integer::sum));
        for (GenEvalTask t : GenEvalTask.values()) {
            assertEquals(t.suiteSize(), counts.get(t), t.tag());
        }
        assertEquals(suite, GenEvalSuite.builtInSuite());
        assertEquals("a photo of a t-shirt", suite.get(0).prompt());
    }

    @Test
    void sceneForSatisfiesEveryBuiltInPromptAndNothingMore() {
        List<GenEvalPrompt> suite = GenEvalSuite.builtInSuite();
        for (int i = 0; i < suite.size(); i++) {
            GenEvalPrompt p = suite.get(i);
            Scene s = world.sceneFor(p, i);
            assertEquals(s, world.sceneFor(p, i));
            int total = 0;
            for (GenEvalPrompt.Include inc : p.include()) {
                total += inc.count();
                long matching = s.garments().stream()
                        .filter(g -> g.classIndex() == inc.classIndex() && (inc.color() == null || g.color() == inc.color())).count();
                assertTrue(matching >= inc.count(), p.prompt());
                if (inc.relation() != null) {
                    GenEvalPrompt.Include target = p.include().get(inc.target());
                    for (Garment a : s.garments()) {
                        for (Garment b : s.garments()) {
                            if (a.classIndex() == inc.classIndex() && b.classIndex() == target.classIndex() && a != b) {
                                assertTrue(Relation.between(a.box(), b.box()).contains(inc.relation()), p.prompt());
                            }
                        }
                    }
                }
            }
            assertEquals(total, s.garments().size(), p.prompt());
            for (GenEvalPrompt.Exclude exc : p.exclude()) {
                assertTrue(s.count(exc.classIndex()) < exc.count());
            }
        }
    }

    @Test
    void promptsAskingForMoreThanFourGarmentsAreRefused() {
        GenEvalPrompt five = new GenEvalPrompt(GenEvalTask.COUNTING, List.of(GenEvalPrompt.Include.of(8, 5)), List.of(), "a photo of five bags");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> world.sceneFor(five, 1));
        assertTrue(e.getMessage().contains("at most 4"), e.getMessage());
    }

    @Test
    void restrictedWorldDrawsOnlyKeptExemplars() {
        WardrobeWorld even = new WardrobeWorld(TestWorlds.testSplit(), i -> i % 2 == 0);
        for (long seed = 0; seed < 100; seed++) {
            even.sample(seed).garments().forEach(g -> assertEquals(0, g.exemplar() % 2));
        }
        assertThrows(IllegalArgumentException.class, () -> new WardrobeWorld(TestWorlds.testSplit(), i -> false));
    }

    @Test
    void aGridWorldPlacesSquaresOnTheGridAtGridSizesAndStillSatisfiesEveryPrompt() {
        WardrobeWorld aligned = world.onGrid(4);
        Set<Integer> offsets = new TreeSet<>();
        for (long seed = 0; seed < 300; seed++) {
            Scene s = aligned.sample(seed);
            for (Garment g : s.garments()) {
                assertEquals(0, Math.floorMod(g.x(), 4), "x of " + g);
                assertEquals(0, Math.floorMod(g.y(), 4), "y of " + g);
                assertEquals(0, (g.size() - WardrobeWorld.MIN_SIZE) % 4, "size of " + g);
                assertTrue(g.box().insideImage(WardrobeWorld.SIDE, WardrobeWorld.MARGIN), "inside: " + g);
                offsets.add(Math.floorMod(g.x(), 8) * 8 + Math.floorMod(g.y(), 8));
            }
        }
        assertEquals(Set.of(0, 4, 32, 36), offsets, "the four half-cell offsets all occur");
        List<GenEvalPrompt> suite = GenEvalSuite.builtInSuite();
        for (int i = 0; i < suite.size(); i++) {
            assertEquals(suite.get(i).include().stream().mapToInt(GenEvalPrompt.Include::count).sum(),
                    aligned.sceneFor(suite.get(i), i).garments().size(), suite.get(i).prompt());
        }
        assertThrows(IllegalArgumentException.class, () -> world.onGrid(0));
    }

    @Test
    void firstExemplarsKeepsThatManyOfEachClass() {
        WardrobeWorld few = world.firstExemplars(3);
        Set<Integer> seen = new TreeSet<>();
        for (long seed = 0; seed < 400; seed++) {
            few.sample(seed).garments().forEach(g -> seen.add(g.exemplar()));
        }
        assertEquals(3 * Vocabulary.CLASS_NAMES.size(), seen.size());
        assertThrows(IllegalArgumentException.class, () -> world.firstExemplars(0));
    }
}
