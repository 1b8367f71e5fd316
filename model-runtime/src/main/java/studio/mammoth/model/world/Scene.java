package studio.mammoth.model.world;

import java.util.ArrayList;
import java.util.List;

/** A scene graph: a plain background and 1–4 garments that do not overlap. */
public record Scene(WardrobeColor background, List<Garment> garments) {
    public Scene {
        garments = List.copyOf(garments);
    }

    public Scene withBackground(WardrobeColor newBackground) {
        return new Scene(newBackground, garments);
    }

    public Scene without(int index) {
        List<Garment> rest = new ArrayList<>(garments);
        rest.remove(index);
        return new Scene(background, rest);
    }

    public Scene with(Garment garment) {
        List<Garment> more = new ArrayList<>(garments);
        more.add(garment);
        return new Scene(background, more);
    }

    public Scene replacing(int index, Garment garment) {
        List<Garment> changed = new ArrayList<>(garments);
        changed.set(index, garment);
        return new Scene(background, changed);
    }

    /** How many garments of this class (any color). */
    public int count(int classIndex) {
        return (int) garments.stream().filter(g -> g.classIndex() == classIndex).count();
    }

    /** How many garments of this class and color. */
    public int count(int classIndex, WardrobeColor color) {
        return (int) garments.stream().filter(g -> g.classIndex() == classIndex && g.color() == color).count();
    }
}
