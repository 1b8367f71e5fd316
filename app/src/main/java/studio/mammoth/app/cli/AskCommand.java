package studio.mammoth.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import studio.mammoth.common.image.RgbImage;

/** A question about a picture, answered by the model's text head: the same task as the Ask workspace's. */
@Command(name = "ask",
        description = "Answer a question about a picture (yes/no, how many, which color, where). Prints the answer.")
final class AskCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN.png", description = "The picture.")
    Path in;

    @Parameters(index = "1", paramLabel = "QUESTION", description = "e.g. \"how many sneakers are there ?\"")
    String question;

    @Option(names = "--models", paramLabel = "DIR", description = "Weights folder (default: assets/models).")
    Path models;

    @Override
    public Integer call() throws Exception {
        CommandLine cli = spec.commandLine();
        if (question.isBlank()) {
            throw new CommandLine.ParameterException(cli, "the question is empty: ask about the picture, e.g. \"how many bags are there ?\"");
        }
        RgbImage image = PictureModelRun.readPicture(cli, in).image();
        try {
            String answer = PictureModelRun.run(cli, models, model -> model.ask(image, question.trim()));
            cli.getOut().println(answer);
            return 0;
        } catch (PictureModelRun.Unavailable e) {
            cli.getErr().println("ask: " + e.getMessage());
            return 1;
        }
    }
}
