package studio.mammoth.app.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import studio.mammoth.app.imaging.PictureFiles;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.api.EditRequest;
import studio.mammoth.model.world.PixelMask;

/** Instruction editing from the command line: the same request and task as the Edit workspace's Apply. */
@Command(name = "edit",
        description = "Edit a picture as an instruction says. With --mask only the mask's white region may change; "
                + "without it the model decides where to edit. Pictures of another size are cropped and scaled to 64x64.")
final class EditCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN.png", description = "The picture to edit.")
    Path in;

    @Parameters(index = "1", paramLabel = "INSTRUCTION", description = "What to change, in the world's words, e.g. \"make the bag green\".")
    String instruction;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT.png", description = "Where to write the edited picture.")
    Path out;

    @Option(names = "--mask", paramLabel = "MASK.png", description = "White = may change, black = keep exactly.")
    Path mask;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--steps", defaultValue = "" + EditRequest.DEFAULT_STEPS, description = "Euler steps of the DiT (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--text-guidance", defaultValue = "" + EditRequest.DEFAULT_TEXT_GUIDANCE,
            description = "How strongly the result follows the instruction (default: ${DEFAULT-VALUE}).")
    double textGuidance;

    @Option(names = "--image-guidance", defaultValue = "" + EditRequest.DEFAULT_IMAGE_GUIDANCE,
            description = "How strongly the result stays close to the source picture (default: ${DEFAULT-VALUE}).")
    double imageGuidance;

    @Option(names = "--models", paramLabel = "DIR", description = "Weights folder (default: assets/models).")
    Path models;

    @Override
    public Integer call() throws Exception {
        CommandLine cli = spec.commandLine();
        if (instruction.isBlank()) {
            throw new CommandLine.ParameterException(cli, "the instruction is empty: say what to change, e.g. \"make the bag green\"");
        }
        RgbImage source = PictureModelRun.readPicture(cli, in).image();
        PixelMask region = null;
        if (mask != null) {
            try {
                PictureFiles.Mask m = PictureFiles.readMask(mask);
                m.notice().ifPresent(n -> cli.getErr().println("note: " + n));
                region = m.mask();
            } catch (PictureFiles.RefusedException e) {
                throw new CommandLine.ParameterException(cli, e.getMessage());
            }
        }
        EditRequest request;
        try {
            request = new EditRequest(source, instruction.trim(), region, seed, steps, textGuidance, imageGuidance);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage());
        }
        String[] modelId = new String[1];
        RgbImage edited;
        try {
            edited = PictureModelRun.run(cli, models, model -> {
                modelId[0] = model.taskId();
                return model.edit(request);
            });
        } catch (PictureModelRun.Unavailable e) {
            cli.getErr().println("edit: " + e.getMessage());
            return 1;
        }
        Map<String, String> text = new LinkedHashMap<>();
        text.put("instruction", request.instruction());
        text.put("source", in.getFileName().toString());
        text.put("mask", mask == null ? "none (the model decided where to edit)" : mask.getFileName().toString());
        text.put("seed", Long.toString(seed));
        text.put("steps", Integer.toString(steps));
        text.put("text-guidance", Double.toString(textGuidance));
        text.put("image-guidance", Double.toString(imageGuidance));
        text.put("model", modelId[0]);
        text.put("Software", "Mammoth Studio");
        PictureFiles.writePng(edited, text, out);
        cli.getOut().println(out);
        return 0;
    }
}
