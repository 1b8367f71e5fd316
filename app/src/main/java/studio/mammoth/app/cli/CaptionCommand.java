package studio.mammoth.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import studio.mammoth.common.image.RgbImage;

/** A sentence describing a picture, written by the model's text head: the same task as the Ask workspace's Caption. */
@Command(name = "caption", description = "Describe a picture in one sentence. Prints the caption.")
final class CaptionCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN.png", description = "The picture.")
    Path in;

    @Option(names = "--models", paramLabel = "DIR", description = "Weights folder (default: assets/models).")
    Path models;

    @Override
    public Integer call() throws Exception {
        CommandLine cli = spec.commandLine();
        RgbImage image = PictureModelRun.readPicture(cli, in).image();
        try {
            String answer = PictureModelRun.run(cli, models, model -> model.caption(image));
            cli.getOut().println(answer);
            return 0;
        } catch (PictureModelRun.Unavailable e) {
            cli.getErr().println("caption: " + e.getMessage());
            return 1;
        }
    }
}
