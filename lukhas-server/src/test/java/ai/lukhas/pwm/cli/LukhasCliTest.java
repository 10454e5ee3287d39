package ai.lukhas.pwm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LukhasCliTest {
    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        return run(cli -> {}, args);
    }

    /** {@link #run} after {@code setUp} prepared the command line (e.g. a command's environment). */
    static Run run(java.util.function.Consumer<CommandLine> setUp, String... args) {
        CommandLine cli = LukhasCli.newCommandLine();
        setUp.accept(cli);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** {@link #run} with {@code --data-dir dataDir} appended. */
    static Run runIn(java.nio.file.Path dataDir, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dataDir.toString();
        return run(all);
    }

    @Test
    void helpListsSubcommandsAndExitsZero() {
        Run r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("serve").contains("Usage: lukhas");
    }

    @Test
    void unknownSubcommandIsAUsageErrorWithExitTwo() {
        Run r = run("frobnicate");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("frobnicate");
    }

    @Test
    void badPortIsRejectedBeforeAnythingStartsInOneLine() {
        Run r = run("serve", "--port", "not-a-number");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--port").contains("lukhas serve --help");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void aRunBuildsOnlyTheSubcommandItNamesAndTheWholeTreeOtherwise() {
        assertThat(LukhasCli.newCommandLine("serve", "--port", "0").getSubcommands())
                .containsOnlyKeys("serve");
        assertThat(LukhasCli.newCommandLine("frobnicate").getSubcommands())
                .containsOnlyKeys(LukhasCli.Subcommands.BY_NAME.keySet());
        assertThat(LukhasCli.newCommandLine("help", "serve").getSubcommands())
                .containsOnlyKeys(LukhasCli.Subcommands.BY_NAME.keySet());
        assertThat(LukhasCli.newCommandLine().getSubcommands().keySet())
                .containsExactly(
                        "serve",
                        "keys",
                        "modulate",
                        "moderation",
                        "flags",
                        "feedback",
                        "tools",
                        "audit",
                        "incidents",
                        "dna",
                        "colony",
                        "migrate",
                        "smoke",
                        "help");

        CommandLine flags = LukhasCli.newCommandLine("flags", "set", "--help");
        StringWriter out = new StringWriter();
        flags.setOut(new PrintWriter(out, true));
        assertThat(flags.execute("flags", "set", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: lukhas flags set");
    }
}
