package studio.mammoth.model.bench;

import java.util.List;
import studio.mammoth.model.judge.Detection;
import studio.mammoth.model.judge.JudgedImage;
import studio.mammoth.model.world.Box;
import studio.mammoth.model.world.Vocabulary;
import studio.mammoth.model.world.WardrobeColor;

/** Hand-built detections for scorer tests. */
final class Detections {
    private Detections() {
    }

    static Detection of(String className, double confidence, WardrobeColor color, int cx, int cy) {
        return new Detection(Vocabulary.classIndex(className), confidence, new Box(cx - 5, cy - 5, cx + 5, cy + 5), color, 100);
    }

    static Detection of(String className, double confidence, int cx, int cy) {
        return of(className, confidence, WardrobeColor.RED, cx, cy);
    }

    static JudgedImage seen(Detection... detections) {
        return new JudgedImage(WardrobeColor.WHITE, List.of(detections));
    }
}
