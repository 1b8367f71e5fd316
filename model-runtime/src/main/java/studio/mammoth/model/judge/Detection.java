package studio.mammoth.model.judge;

import studio.mammoth.model.world.Box;
import studio.mammoth.model.world.Vocabulary;
import studio.mammoth.model.world.WardrobeColor;

/**
 * One detected garment.
 *
 * @param classIndex the classifier's most probable class
 * @param confidence that class's probability
 * @param box        tight box of the object's pixels
 * @param color      named color of the object's pixels
 * @param area       object pixels
 */
public record Detection(int classIndex, double confidence, Box box, WardrobeColor color, int area) {
    public String className() {
        return Vocabulary.CLASS_NAMES.get(classIndex);
    }
}
