package studio.mammoth.app.cli;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import studio.mammoth.app.shell.ModelAssets;

/** {@code mammoth tinyformer ...}: search, train, compile, deploy and report sparse tiny transformers. */
@Command(name = "tinyformer",
        description = "TinyFormer: search, train and compile sparse int8 tiny transformers for microcontrollers.",
        subcommands = {TinyformerSearchCommand.class, TinyformerTrainSupernetCommand.class, TinyformerFinetuneCommand.class,
            TinyformerCompileCommand.class, TinyformerReportCommand.class, TinyformerQuantCheckCommand.class, TinyformerKernelVectorsCommand.class,
            TinyformerBoardsCommand.class, TinyformerDeployCommand.class, TinyformerBoardEvalCommand.class, TinyformerKernelBenchCommand.class})
public final class TinyformerCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The file a user gave, else the shipped one of this name in the TinyFormer model folder. */
    static Path givenOrShipped(Path given, String shippedName) {
        return given != null ? given : ModelAssets.locate().folder("tinyformer").resolve(shippedName);
    }
}
