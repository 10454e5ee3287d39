package ai.lukhas.pwm.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every {@code lukhas} command shares: its picocli spec, and the command line's writers, which
 * tests replace to read what a command printed.
 *
 * <pre>{@code final class ToolsCommand extends CliCommand implements Callable<Integer> { ... out().println(...); }}</pre>
 */
abstract class CliCommand {
    @Spec
    CommandSpec spec;

    /** Where the command's answer goes (stdout unless a test set another writer). */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Where warnings and progress go (stderr unless a test set another writer). */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
