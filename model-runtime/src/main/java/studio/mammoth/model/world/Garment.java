package studio.mammoth.model.world;

import studio.mammoth.common.data.FashionMnist;

/**
 * One garment of a scene graph.
 *
 * @param classIndex Fashion-MNIST class (0 t-shirt … 9 ankle boot)
 * @param color      its tint
 * @param exemplar   index of the Fashion-MNIST image drawn, in the world's split
 * @param size       side of the square the 28x28 exemplar is scaled to, in pixels
 * @param x          left of that square in the scene
 * @param y          top of that square in the scene
 * @param box        the tight box of the pixels actually drawn (what a detector sees)
 */
public record Garment(int classIndex, WardrobeColor color, int exemplar, int size, int x, int y, Box box) {
    public String className() {
        return FashionMnist.CLASS_NAMES.get(classIndex);
    }

    /** "red bag". */
    public String phrase() {
        return color.word() + " " + className();
    }

    public Garment withColor(WardrobeColor newColor) {
        return new Garment(classIndex, newColor, exemplar, size, x, y, box);
    }

    /** The same garment drawn with its square's corner at (newX, newY). */
    public Garment movedTo(int newX, int newY) {
        return new Garment(classIndex, color, exemplar, size, newX, newY, box.translate(newX - x, newY - y));
    }
}
