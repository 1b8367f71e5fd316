package studio.mammoth.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import studio.mammoth.common.task.CancelToken;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.model.api.GenerateRequest;
import studio.mammoth.model.api.GeneratedImage;
import studio.mammoth.model.api.MammothModel;
import studio.mammoth.model.api.ModelFiles;
import studio.mammoth.model.api.PngText;

/** Text to image from the command line: the same task the Create workspace runs, its progress on stderr. */
@Command(name = "generate", description = "Generate pictures from a prompt; PNGs carry prompt, seed, steps, guidance and model id.")
final class GenerateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROMPT", description = "What to draw, in the world's words, e.g. \"a photo of a red bag\".")
    String prompt;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the first image; image i uses seed + i (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--count", defaultValue = "1", description = "How many images (default: ${DEFAULT-VALUE}).")
    int count;

    @Mixin
    DenoisingOptions denoising;

    @Mixin
    PlanSamplingOptions plan;

    @Option(names = {"-o", "--out"}, defaultValue = "out", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--models", paramLabel = "DIR", description = "Weights folder (default: assets/models).")
    Path models;

    @Override
    public Integer call() throws Exception {
        GenerateRequest request;
        try {
            request = new GenerateRequest(prompt, seed, denoising.steps, denoising.guidance, count, plan.settings());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Path dir = models != null ? models : ModelFiles.directory();
        try (MammothModel model = MammothModel.load(dir)) {
            var task = model.generate(request);
            CancelToken cancel = new CancelToken();
            Runtime.getRuntime().addShutdownHook(new Thread(cancel::cancel));
            long[] last = {0};
            List<GeneratedImage> images = task.run(new TaskContext(cancel, p -> {
                long now = System.nanoTime();
                if (now - last[0] > 500_000_000L || p.fraction() >= 1) {
                    System.err.printf(Locale.ROOT, "\r%-40s", p.message());
                    last[0] = now;
                }
            }));
            System.err.println();
            Files.createDirectories(out);
            String stem = prompt.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
            stem = stem.substring(0, Math.min(48, stem.length()));
            for (GeneratedImage g : images) {
                Path file = out.resolve(stem + "-seed" + g.seed() + ".png");
                PngText.write(g.image(), PngText.settings(g), file);
                System.out.println(file);
            }
            return 0;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
