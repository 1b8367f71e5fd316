package studio.mammoth.model.world;

import java.util.EnumSet;
import java.util.Set;

/**
 * The four GenEval relations and GenEval's rule for them (evaluate_images.py, relative_position): the offset between box
 * centres, each component shrunk towards zero by 0.1 x (sum of the two box sizes on that axis), divided by the length of
 * the unshrunk offset; a component below -0.5 or above 0.5 names the relation. y points down.
 */
public enum Relation {
    LEFT_OF("left of"), RIGHT_OF("right of"), ABOVE("above"), BELOW("below");

    public static final double SHRINK = 0.1;
    public static final double CUT = 0.5;

    private final String phrase;

    Relation(String phrase) {
        this.phrase = phrase;
    }

    /** "left of". */
    public String phrase() {
        return phrase;
    }

    public static Relation ofPhrase(String phrase) {
        for (Relation r : values()) {
            if (r.phrase.equals(phrase)) {
                return r;
            }
        }
        return null;
    }

    /** Whether {@code a} stands in this relation to {@code b} and in no other (what generated scenes use, so captions are unambiguous). */
    public boolean clearlyHolds(Box a, Box b) {
        Set<Relation> relations = between(a, b);
        return relations.size() == 1 && relations.contains(this);
    }

    /** Every relation in which box {@code a} stands to box {@code b}; empty when they are (almost) concentric. */
    public static Set<Relation> between(Box a, Box b) {
        double ox = a.centerX() - b.centerX();
        double oy = a.centerY() - b.centerY();
        double rx = Math.signum(ox) * Math.max(Math.abs(ox) - SHRINK * (a.width() + b.width()), 0);
        double ry = Math.signum(oy) * Math.max(Math.abs(oy) - SHRINK * (a.height() + b.height()), 0);
        Set<Relation> relations = EnumSet.noneOf(Relation.class);
        if (Math.abs(rx) < 1e-3 && Math.abs(ry) < 1e-3) {
            return relations;
        }
        double length = Math.hypot(ox, oy);
        double dx = rx / length, dy = ry / length;
        if (dx < -CUT) {
            relations.add(LEFT_OF);
        }
        if (dx > CUT) {
            relations.add(RIGHT_OF);
        }
        if (dy < -CUT) {
            relations.add(ABOVE);
        }
        if (dy > CUT) {
            relations.add(BELOW);
        }
        return relations;
    }
}
