package studio.mammoth.model.judge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.world.WardrobeColor;

/**
 * The detector of the benchmark suite: segmentation, color naming and the garment classifier, batched across pictures
 * so the classifier runs once per call however many objects there are.
 */
public final class Judge implements AutoCloseable {
    private final GarmentClassifier classifier;

    public Judge(GarmentClassifier classifier) {
        this.classifier = classifier;
    }

    /** The judge with the shipped classifier weights (checksum verified). */
    public static Judge load() throws java.io.IOException {
        return new Judge(JudgeFiles.loadClassifier(JudgeFiles.directory()));
    }

    public JudgedImage judge(RgbImage image) {
        return judgeAll(List.of(image)).get(0);
    }

    public List<JudgedImage> judgeAll(List<RgbImage> images) {
        List<Segmenter.Result> segmentations = new ArrayList<>(images.size());
        List<List<WardrobeColor>> colors = new ArrayList<>(images.size());
        int objects = 0;
        for (RgbImage image : images) {
            Segmenter.Result r = Segmenter.segment(image);
            segmentations.add(r);
            List<WardrobeColor> named = new ArrayList<>();
            for (Segment s : r.segments()) {
                named.add(ColorNamer.name(image, s));
            }
            colors.add(named);
            objects += r.segments().size();
        }
        float[] crops = new float[objects * GarmentCrop.SIDE * GarmentCrop.SIDE];
        int k = 0;
        for (int i = 0; i < images.size(); i++) {
            List<Segment> segments = segmentations.get(i).segments();
            for (int j = 0; j < segments.size(); j++) {
                GarmentCrop.encode(images.get(i), segments.get(j), colors.get(i).get(j), crops, k++ * GarmentCrop.SIDE * GarmentCrop.SIDE);
            }
        }
        float[][] probabilities = classifier.classify(crops, objects);
        List<JudgedImage> out = new ArrayList<>(images.size());
        k = 0;
        for (int i = 0; i < images.size(); i++) {
            List<Segment> segments = segmentations.get(i).segments();
            List<Detection> detections = new ArrayList<>();
            for (int j = 0; j < segments.size(); j++) {
                float[] p = probabilities[k++];
                int best = 0;
                for (int c = 1; c < p.length; c++) {
                    if (p[c] > p[best]) {
                        best = c;
                    }
                }
                Segment s = segments.get(j);
                detections.add(new Detection(best, p[best], s.box(), colors.get(i).get(j), s.area()));
            }
            detections.sort(Comparator.comparingDouble(Detection::confidence).reversed());
            out.add(new JudgedImage(ColorNamer.nameBackground(segmentations.get(i).background()), detections));
        }
        return out;
    }

    /**
     * Encodes the largest object of a picture as a classifier crop at {@code offset} of {@code out} (zeros when there is
     * none) and returns how many objects the picture holds: how training and curation see one-garment renders.
     */
    static int encodeLargest(RgbImage image, float[] out, int offset) {
        Segmenter.Result r = Segmenter.segment(image);
        if (!r.segments().isEmpty()) {
            Segment s = r.segments().get(0);
            GarmentCrop.encode(image, s, ColorNamer.name(image, s), out, offset);
        } else {
            java.util.Arrays.fill(out, offset, offset + GarmentCrop.SIDE * GarmentCrop.SIDE, 0f);
        }
        return r.segments().size();
    }

    @Override
    public void close() {
        classifier.close();
    }
}
