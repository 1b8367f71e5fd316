package studio.mammoth.app.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import studio.mammoth.model.api.MammothModel;
import studio.mammoth.model.api.ModelFiles;
import studio.mammoth.model.api.SpeedBench;

/** Speed of the image model: latency, batch throughput, FLOP floor; optionally resident memory over many generations. */
@Command(name = "speed",
        description = "Image model speed: one-image latency, images/s at batch 8, and the floor from its FLOPs and a matmul rate measured in the same run.")
final class BenchSpeedCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--prompt", defaultValue = "a photo of a red bag left of a blue sneaker", description = "Prompt (default: ${DEFAULT-VALUE}).")
    String prompt;

    @Mixin
    DenoisingOptions denoising;

    @Option(names = "--repeats", defaultValue = "3", description = "Single-image runs averaged (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--memory", defaultValue = "0", arity = "0..1", fallbackValue = "200", paramLabel = "N",
            description = "Also run N consecutive generations (--memory alone: 200) and report resident memory every 20 and its growth.")
    int memory;

    @Option(names = "--models", paramLabel = "DIR", description = "Weights folder (default: assets/models).")
    Path models;

    @Override
    public Integer call() throws Exception {
        if (repeats < 1 || memory < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--repeats >= 1 and --memory >= 0 are required");
        }
        try (MammothModel model = MammothModel.load(models != null ? models : ModelFiles.directory())) {
            System.out.println(SpeedBench.run(model, prompt, denoising.steps, denoising.guidance, repeats).line());
            if (memory > 0) {
                // RSS includes the Java heap, which the JVM grows lazily: its committed size is printed beside it
                double start = SpeedBench.residentMb();
                double half = start;
                double peak = start;
                for (int i = 1; i <= memory; i++) {
                    model.generate(studio.mammoth.model.api.GenerateRequest.of(prompt, i, denoising.steps, denoising.guidance, 1))
                            .run(studio.mammoth.common.task.TaskContext.unobserved());
                    double rss = SpeedBench.residentMb();
                    peak = Math.max(peak, rss);
                    if (i == memory / 2) {
                        half = rss;
                    }
                    if (i % 20 == 0) {
                        System.out.printf(Locale.ROOT, "memory generation=%d rss_mb=%.0f java_heap_committed_mb=%.0f%n", i, rss,
                                Runtime.getRuntime().totalMemory() / 1048576.0);
                    }
                }
                double end = SpeedBench.residentMb();
                System.out.printf(Locale.ROOT, "memory generations=%d rss_start_mb=%.0f rss_end_mb=%.0f growth_mb=%.0f growth_second_half_mb=%.0f rss_peak_mb=%.0f%n",
                        memory, start, end, end - start, end - half, peak);
            }
            return 0;
        }
    }
}
