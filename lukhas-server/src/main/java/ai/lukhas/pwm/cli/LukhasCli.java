package ai.lukhas.pwm.cli;

import ai.lukhas.pwm.LukhasVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/lukhas}. Each subcommand is its own class, registered here. */
@Command(
        name = "lukhas",
        mixinStandardHelpOptions = true,
        versionProvider = LukhasCli.Version.class,
        description = "LUKHAS PWM - governance gateway for LLM applications.",
        subcommands = {ServeCommand.class, CommandLine.HelpCommand.class})
public final class LukhasCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (for tests and embedding). */
    public static int run(String... args) {
        return newCommandLine().execute(args);
    }

    static CommandLine newCommandLine() {
        return new CommandLine(new LukhasCli());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lukhas " + LukhasVersion.current()};
        }
    }
}
