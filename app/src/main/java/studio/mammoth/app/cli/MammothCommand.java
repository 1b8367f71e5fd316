package studio.mammoth.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** The top of the command line: each subcommand is one class, and each one works today. */
@Command(name = "mammoth", mixinStandardHelpOptions = true, versionProvider = MammothCommand.Version.class, scope = ScopeType.INHERIT,
        description = "Mammoth Studio: make, edit and ask about pictures with a model trained on your machine, "
                + "and put tiny transformers on microcontrollers.",
        subcommands = {StudioCommand.class, TestCommand.class, DoctorCommand.class, PackageCommand.class,
                WorldCommand.class, BenchCommand.class, TrainCommand.class, GenerateCommand.class, EditCommand.class, AskCommand.class,
                CaptionCommand.class, TinyformerCommand.class})
public final class MammothCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static CommandLine commandLine() {
        return new CommandLine(new MammothCommand()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(MammothCommand::reportFileProblem);
    }

    /**
     * A missing, unreadable or malformed file (data set, judge, model, search result) is the user's to fix, so it gets
     * one line on stderr naming the command and the problem, and exit code 1; any other exception is a bug and keeps
     * picocli's stack trace.
     */
    private static int reportFileProblem(Exception e, CommandLine command, CommandLine.ParseResult parsed) throws Exception {
        if (!(e instanceof IOException)) {
            throw e;
        }
        command.getErr().println(command.getCommandSpec().qualifiedName(" ") + ": " + e.getMessage());
        return 1;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static String version() {
        try (InputStream in = MammothCommand.class.getResourceAsStream("/studio/mammoth/app/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Mammoth Studio " + version(), "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
