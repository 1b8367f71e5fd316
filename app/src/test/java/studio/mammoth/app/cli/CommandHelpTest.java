package studio.mammoth.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every command, nested ones included, answers {@code --help} with its usage (a user's first try on any of them), and
 * picocli has nothing to warn about on the way (a lone % in a description is a format error it prints to stderr).
 */
class CommandHelpTest {

    static Stream<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        collect(MammothCommand.commandLine(), new ArrayList<>(), paths);
        return paths.stream();
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
        into.add(List.copyOf(path));
        command.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName())) { // aliases name the same command again
                List<String> deeper = new ArrayList<>(path);
                deeper.add(name);
                collect(sub, deeper, into);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("commandPaths")
    void answersHelpWithItsUsage(List<String> path) {
        StringWriter out = new StringWriter();
        CommandLine cli = MammothCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, cli.execute(args.toArray(String[]::new)), String.join(" ", args));
        } finally {
            System.setErr(stderr);
        }
        assertEquals("", warnings.toString(StandardCharsets.UTF_8), String.join(" ", args) + " warned");
        String usage = "Usage: " + String.join(" ", Stream.concat(Stream.of("mammoth"), path.stream()).toList());
        assertTrue(out.toString().startsWith(usage), () -> String.join(" ", args) + " printed: " + out);
    }
}
