package studio.mammoth.model.bench;

import java.util.ArrayList;
import java.util.List;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.judge.ColorNamer;
import studio.mammoth.model.judge.GarmentCrop;
import studio.mammoth.model.judge.Judge;
import studio.mammoth.model.judge.Segment;
import studio.mammoth.model.judge.Segmenter;
import studio.mammoth.model.world.EditPairs;
import studio.mammoth.model.world.WardrobeWorld;

/** Throughput measurements of the world and the judge (a benchmark command prints them; tests never time anything). */
public final class Throughput {
    public static final int JUDGE_BATCH = 64;

    /** How many items in how many seconds. */
    public record Figure(long count, double seconds) {
        public double perSecond() {
            return count / seconds;
        }
    }

    private Throughput() {
    }

    /** Scenes sampled and rendered on this thread for about {@code seconds} (after a one-second warm-up). */
    public static Figure scenes(WardrobeWorld world, double seconds) {
        measure(1, seed -> world.render(world.sample(seed)));
        return measure(seconds, seed -> world.render(world.sample(seed)));
    }

    /** Edit pairs made with both their pictures rendered. */
    public static Figure editPairs(WardrobeWorld world, double seconds) {
        EditPairs pairs = new EditPairs(world);
        measure(1, seed -> {
            var p = pairs.sample(seed);
            world.render(p.source());
            world.render(p.target());
        });
        return measure(seconds, seed -> {
            var p = pairs.sample(seed);
            world.render(p.source());
            world.render(p.target());
        });
    }

    /** Pictures judged in batches (pictures rendered beforehand, not timed). */
    public static Figure judge(WardrobeWorld world, Judge judge, double seconds) {
        List<RgbImage> batch = new ArrayList<>();
        for (int i = 0; i < JUDGE_BATCH; i++) {
            batch.add(world.render(world.sample(i)));
        }
        judge.judgeAll(batch);
        long start = System.nanoTime(), count = 0;
        while (System.nanoTime() - start < seconds * 1e9) {
            judge.judgeAll(batch);
            count += batch.size();
        }
        return new Figure(count, (System.nanoTime() - start) / 1e9);
    }

    /** Segmentation, color naming and cropping alone (the judge without its classifier), on this thread. */
    public static Figure judgePreprocessing(WardrobeWorld world, double seconds) {
        List<RgbImage> pictures = new ArrayList<>();
        for (int i = 0; i < JUDGE_BATCH; i++) {
            pictures.add(world.render(world.sample(i)));
        }
        float[] crop = new float[GarmentCrop.SIDE * GarmentCrop.SIDE];
        return measure(seconds, i -> {
            RgbImage picture = pictures.get((int) (i % pictures.size()));
            for (Segment s : Segmenter.segment(picture).segments()) {
                GarmentCrop.encode(picture, s, ColorNamer.name(picture, s), crop, 0);
            }
        });
    }

    private interface Work {
        void run(long seed);
    }

    private static Figure measure(double seconds, Work work) {
        long start = System.nanoTime(), count = 0;
        while (System.nanoTime() - start < seconds * 1e9) {
            for (int i = 0; i < 100; i++) {
                work.run(count++);
            }
        }
        return new Figure(count, (System.nanoTime() - start) / 1e9);
    }
}
