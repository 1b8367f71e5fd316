package studio.mammoth.model.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.judge.Detection;
import studio.mammoth.model.judge.JudgedImage;
import studio.mammoth.model.world.EditCategory;
import studio.mammoth.model.world.EditPair;
import studio.mammoth.model.world.Garment;
import studio.mammoth.model.world.PixelMask;
import studio.mammoth.model.world.Relation;

/**
 * Scores one edit exactly, from the scene graphs.
 * <ul>
 * <li>Compliance: the detector finds the target scene — the garments it sees (confidence above 0.3), as (color, class)
 * pairs, are exactly the target's, so the removed one is gone, the replaced one is the new class, the adjusted one has
 * the new color, the added one is there and nothing else changed identity; for background and extract the judged
 * background color is the target's; for move the moved garment stands in the asked relation to its anchor (GenEval's
 * rule).</li>
 * <li>Preservation: PSNR between the edited picture and the source outside the edit region, capped at
 * {@link #PSNR_CAP} dB (identical pixels).</li>
 * <li>Success: compliant and preservation at least {@link #SUCCESS_PSNR} dB.</li>
 * </ul>
 */
public final class EditScorer {
    public static final double PSNR_CAP = 60;
    public static final double SUCCESS_PSNR = 30;

    public record Verdict(boolean compliant, double psnr, List<String> reasons) {
        public boolean success() {
            return compliant && psnr >= SUCCESS_PSNR;
        }
    }

    private EditScorer() {
    }

    public static Verdict score(EditPair pair, RgbImage source, RgbImage edited, JudgedImage judged) {
        List<String> reasons = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Detection d : judged.detections()) {
            if (d.confidence() > GenEvalScorer.THRESHOLD) {
                seen.merge(d.color().word() + " " + d.className(), 1, Integer::sum);
            }
        }
        Map<String, Integer> wanted = new HashMap<>();
        for (Garment g : pair.target().garments()) {
            wanted.merge(g.phrase(), 1, Integer::sum);
        }
        if (!seen.equals(wanted)) {
            reasons.add("expected " + wanted + ", found " + seen);
        }
        EditCategory c = pair.category();
        boolean backgroundMatters = c == EditCategory.BACKGROUND || c == EditCategory.EXTRACT
                || (c == EditCategory.HYBRID && pair.target().background() != pair.source().background());
        if (backgroundMatters && judged.background() != pair.target().background()) {
            reasons.add("expected a " + pair.target().background().word() + " background, found " + judged.background().word());
        }
        if (pair.relation() != null && reasons.isEmpty()) {
            Garment mover = pair.target().garments().get(pair.relation().mover());
            Garment anchor = pair.target().garments().get(pair.relation().anchor());
            Detection m = find(judged, mover), a = find(judged, anchor);
            if (m == null || a == null || !Relation.between(m.box(), a.box()).contains(pair.relation().relation())) {
                reasons.add("expected the " + mover.phrase() + " " + pair.relation().relation().phrase() + " the " + anchor.phrase());
            }
        }
        return new Verdict(reasons.isEmpty(), psnrOutside(source, edited, pair.region()), reasons);
    }

    private static Detection find(JudgedImage judged, Garment g) {
        for (Detection d : judged.detections()) {
            if (d.classIndex() == g.classIndex() && d.color() == g.color() && d.confidence() > GenEvalScorer.THRESHOLD) {
                return d;
            }
        }
        return null;
    }

    /** PSNR over the pixels outside the region (all three channels), capped at PSNR_CAP. */
    public static double psnrOutside(RgbImage a, RgbImage b, PixelMask region) {
        double sum = 0;
        long n = 0;
        int[] pa = a.pixels(), pb = b.pixels();
        for (int i = 0; i < pa.length; i++) {
            if (region.contains(i)) {
                continue;
            }
            for (int shift = 0; shift <= 16; shift += 8) {
                int d = (pa[i] >> shift & 0xFF) - (pb[i] >> shift & 0xFF);
                sum += d * d;
            }
            n += 3;
        }
        if (n == 0 || sum == 0) {
            return PSNR_CAP;
        }
        return Math.min(PSNR_CAP, 10 * Math.log10(255.0 * 255.0 / (sum / n)));
    }
}
