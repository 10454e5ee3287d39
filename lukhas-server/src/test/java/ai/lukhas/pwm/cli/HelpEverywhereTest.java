package ai.lukhas.pwm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/** Walks the whole picocli tree from {@code lukhas}: {@code --help} works on every command. */
class HelpEverywhereTest {

    private static void collect(CommandLine cmd, List<String> path, List<List<String>> into) {
        into.add(path);
        for (var e : cmd.getSubcommands().entrySet()) {
            // aliases map to the same CommandLine; visit each command under its primary name only
            if (!e.getKey().equals(e.getValue().getCommandName())) {
                continue;
            }
            List<String> child = new ArrayList<>(path);
            child.add(e.getKey());
            collect(e.getValue(), child, into);
        }
    }

    static List<List<String>> allCommandPaths() {
        List<List<String>> paths = new ArrayList<>();
        collect(LukhasCli.newCommandLine(), List.of(), paths);
        return paths;
    }

    @TestFactory
    Stream<DynamicTest> helpExitsZeroAndPrintsUsageOnEveryCommand() {
        List<List<String>> paths = allCommandPaths();
        // the tree really is walked: root, its subcommands and their subcommands (dna put, colony decide, ...)
        assertThat(paths)
                .contains(
                        List.of("dna", "put"),
                        List.of("dna", "get"),
                        List.of("colony", "decide"),
                        List.of("flags", "set"),
                        List.of("flags", "clear"));
        assertThat(paths.size()).isGreaterThan(20);
        return paths.stream()
                .map(path -> DynamicTest.dynamicTest("lukhas " + String.join(" ", path) + " --help", () -> {
                    CommandLine cli = LukhasCli.newCommandLine();
                    StringWriter out = new StringWriter();
                    StringWriter err = new StringWriter();
                    cli.setOut(new PrintWriter(out, true));
                    cli.setErr(new PrintWriter(err, true));
                    List<String> args = new ArrayList<>(path);
                    args.add("--help");
                    int exit = cli.execute(args.toArray(String[]::new));
                    String usage = ("Usage: lukhas " + String.join(" ", path)).strip();
                    assertThat(exit).as("exit of %s; stderr: %s", args, err).isZero();
                    assertThat(out.toString()).as("stdout of %s", args).contains(usage);
                    assertThat(err.toString()).as("stderr of %s", args).isEmpty();
                }));
    }
}
