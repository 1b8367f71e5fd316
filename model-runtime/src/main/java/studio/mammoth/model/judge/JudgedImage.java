package studio.mammoth.model.judge;

import java.util.List;
import studio.mammoth.model.world.WardrobeColor;

/** What the judge sees in one picture: the background color and the garments, most confident first. */
public record JudgedImage(WardrobeColor background, List<Detection> detections) {
    public JudgedImage {
        detections = List.copyOf(detections);
    }
}
