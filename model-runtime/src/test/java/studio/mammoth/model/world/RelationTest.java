package studio.mammoth.model.world;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** GenEval's relative_position on hand-made boxes, on both sides of the 0.5 cut and of the 0.1 shrink. */
class RelationTest {
    private static Box square(int cx, int cy) {
        return new Box(cx - 5, cy - 5, cx + 5, cy + 5);
    }

    @Test
    void straightOffsetsNameOneRelation() {
        assertEquals(Set.of(Relation.LEFT_OF), Relation.between(square(10, 30), square(40, 30)));
        assertEquals(Set.of(Relation.RIGHT_OF), Relation.between(square(40, 30), square(10, 30)));
        assertEquals(Set.of(Relation.ABOVE), Relation.between(square(30, 10), square(30, 40)), "y points down");
        assertEquals(Set.of(Relation.BELOW), Relation.between(square(30, 40), square(30, 10)));
    }

    @Test
    void theShrinkSwallowsSmallOffsets() {
        // Boxes 10 wide: shrink = 0.1 * (10 + 10) = 2 px. An offset of 2 px vanishes entirely.
        assertEquals(Set.of(), Relation.between(square(32, 30), square(30, 30)));
        // 3 px: 1 px remains, normalised by 3 = 0.33 < 0.5: still nothing.
        assertEquals(Set.of(), Relation.between(square(33, 30), square(30, 30)));
        // 5 px: 3 px remain, 3 / 5 = 0.6 > 0.5: right of.
        assertEquals(Set.of(Relation.RIGHT_OF), Relation.between(square(35, 30), square(30, 30)));
    }

    @Test
    void theCutAtHalfDecidesDiagonals() {
        // Offset (20, 20): each shrunk to 18, normalised by 28.28 = 0.636 on both axes: two relations.
        assertEquals(EnumSet.of(Relation.RIGHT_OF, Relation.BELOW), Relation.between(square(50, 50), square(30, 30)));
        // Offset (20, 14): dx = 18 / 24.41 = 0.737, dy = 12 / 24.41 = 0.4916 just under the cut: only right of.
        assertEquals(Set.of(Relation.RIGHT_OF), Relation.between(square(50, 44), square(30, 30)));
        // Offset (20, 15): dy = 13 / 25 = 0.52 just over the cut: right of and below.
        assertEquals(EnumSet.of(Relation.RIGHT_OF, Relation.BELOW), Relation.between(square(50, 45), square(30, 30)));
    }

    @Test
    void shrinkUsesTheSumOfBothBoxSizesOnThatAxis() {
        Box wide = new Box(0, 25, 40, 35);   // 40 wide, centre (20, 30)
        Box small = new Box(30, 25, 36, 35); // 6 wide, centre (33, 30): offset 13, shrink 0.1 * 46 = 4.6, 8.4 / 13 = 0.646
        assertEquals(Set.of(Relation.RIGHT_OF), Relation.between(small, wide));
        Box nearer = new Box(25, 25, 31, 35); // centre 28: offset 8, 3.4 / 8 = 0.425: nothing
        assertEquals(Set.of(), Relation.between(nearer, wide));
    }
}
