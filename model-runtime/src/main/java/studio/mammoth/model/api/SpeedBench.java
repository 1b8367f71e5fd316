package studio.mammoth.model.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.model.engine.DjlEngine;

/**
 * Speed of the shipped model measured in one run: latency of one image, images/s at batch 8, the floor
 * (the model's FLOPs over a matmul rate measured now, on this machine) and, optionally, resident memory
 * over many consecutive generations.
 */
public final class SpeedBench {
    public record Result(double generateMs, double batchImagesPerSecond, double floorMs, double matmulGflops, double gflopPerImage) {
        public String line() {
            return String.format(Locale.ROOT, "speed generate_ms=%.0f floor_ms=%.1f efficiency=%.3f images_per_s_batch8=%.2f matmul_gflops=%.0f gflop_per_image=%.2f",
                    generateMs, floorMs, floorMs / generateMs, batchImagesPerSecond, matmulGflops, gflopPerImage);
        }
    }

    private SpeedBench() {
    }

    public static Result run(MammothModel model, String prompt, int steps, double guidance, int repeats) throws Exception {
        run(model, prompt, steps, guidance, 1, 0); // warm-up
        long t0 = System.nanoTime();
        for (int i = 0; i < repeats; i++) {
            run(model, prompt, steps, guidance, 1, i);
        }
        double single = (System.nanoTime() - t0) / 1e6 / repeats;
        long t1 = System.nanoTime();
        run(model, prompt, steps, guidance, 8, 100);
        double batch = 8 / ((System.nanoTime() - t1) / 1e9);
        double gflops = matmulGflops();
        GenerateRequest r = GenerateRequest.of(prompt, 0, steps, guidance, 1);
        double flops = ModelFlops.perImage(model.generator().config(), model.tokenizer().config(), model.generator().layout(), steps,
                r.plan().guidance() != 1.0, guidance != 1.0);
        return new Result(single, batch, flops / (gflops * 1e9) * 1e3, gflops, flops / 1e9);
    }

    static void run(MammothModel model, String prompt, int steps, double guidance, int count, long seed) throws Exception {
        model.generate(GenerateRequest.of(prompt, seed, steps, guidance, count)).run(TaskContext.unobserved());
    }

    /** Best of a few 1024^3 float32 matrix products on the engine's threads, GFLOP/s. */
    public static double matmulGflops() {
        try (NDManager m = DjlEngine.engine().newBaseManager()) {
            NDArray a = m.randomUniform(-1, 1, new Shape(1024, 1024));
            NDArray b = m.randomUniform(-1, 1, new Shape(1024, 1024));
            a.matMul(b).getFloat(0, 0);
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                long t = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0);
                }
                best = Math.min(best, (System.nanoTime() - t) / 1e9);
            }
            return 2.0 * 1024 * 1024 * 1024 / best / 1e9;
        }
    }

    /** Resident set size of this process in MB (Linux /proc), or -1 elsewhere. */
    public static double residentMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
