package studio.mammoth.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import studio.mammoth.common.data.FashionMnist;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.bench.ContactSheet;
import studio.mammoth.model.judge.CuratedWorlds;
import studio.mammoth.model.judge.JudgeFiles;
import studio.mammoth.model.world.Captions;
import studio.mammoth.model.world.Scene;
import studio.mammoth.model.world.WardrobeWorld;

/** The wardrobe world on the command line. */
@Command(name = "world", description = "The wardrobe world the image model learns from and is measured in.",
        subcommands = {WorldCommand.Sample.class})
final class WorldCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "sample", description = "Write a contact sheet of random scenes with their captions.")
    static final class Sample implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--count", defaultValue = "16", description = "Scenes on the sheet, 1-256 (default ${DEFAULT-VALUE}).")
        int count;

        @Option(names = "--seed", defaultValue = "0", description = "Scene i uses seed S + i (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--split", defaultValue = "train", description = "Fashion-MNIST split the garments come from: train or test (default ${DEFAULT-VALUE}).")
        String split;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "SHEET.png", description = "The PNG to write.")
        Path output;

        @CommandLine.Mixin
        WorldShapeOptions shape;

        @Override
        public Integer call() throws Exception {
            if (count < 1 || count > 256) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--count must be between 1 and 256, not " + count);
            }
            FashionMnist.Part part = switch (split.toLowerCase(Locale.ROOT)) {
                case "train" -> FashionMnist.Part.TRAIN;
                case "test" -> FashionMnist.Part.TEST;
                default -> throw new CommandLine.ParameterException(spec.commandLine(), "--split is train or test, not " + split);
            };
            if (!output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "-o writes a PNG: give a file name ending in .png, not " + output);
            }
            WardrobeWorld world;
            if (JudgeFiles.present(JudgeFiles.directory())) {
                world = CuratedWorlds.of(part, JudgeFiles.directory());
            } else {
                world = new WardrobeWorld(BenchCommand.loadSplit(part));
                System.err.println("note: the judge is not trained, so every exemplar is drawn (" + JudgeFiles.RECREATE + " curates them)");
            }
            world = shape.apply(world);
            List<RgbImage> images = new ArrayList<>();
            List<String> captions = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Scene scene = world.sample(seed + i);
                images.add(world.render(scene));
                captions.add(Captions.canonical(scene));
            }
            ContactSheet.write(images, captions, Math.min(8, (int) Math.ceil(Math.sqrt(count))), output);
            System.out.println("world: wrote " + count + " scenes (" + split + " split, seeds " + seed + ".." + (seed + count - 1) + ") to " + output);
            return 0;
        }
    }
}
