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
        subcommands = {
            ServeCommand.class,
            KeysCommand.class,
            ModulateCommand.class,
            ModerationCommand.class,
            FlagsCommand.class,
            FeedbackCommand.class,
            ToolsCommand.class,
            AuditCommand.class,
            IncidentsCommand.class,
            DnaCommand.class,
            ColonyCommand.class,
            MigrateCommand.class,
            SmokeCommand.class,
            CommandLine.HelpCommand.class
        })
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
        CommandLine cli = new CommandLine(new LukhasCli());
        cli.setParameterExceptionHandler(LukhasCli::usageError);
        cli.setExecutionExceptionHandler(LukhasCli::failure);
        return cli;
    }

    /** Bad arguments: one line naming the problem and where to find help; exit 2. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr()
                .printf(
                        "%s: %s (see '%s --help')%n",
                        cmd.getCommandSpec().qualifiedName(),
                        e.getMessage(),
                        cmd.getCommandSpec().qualifiedName());
        return 2;
    }

    /** A command failed: a {@link CliException} is the user's problem (one line); anything else is ours. */
    private static int failure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        String name = cmd.getCommandSpec().qualifiedName();
        if (e instanceof CliException ce) {
            cmd.getErr().printf("%s: %s%n", name, ce.getMessage());
            return ce.exitCode();
        }
        cmd.getErr().printf("%s: internal error: %s%n", name, e);
        return 70; // EX_SOFTWARE
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
