package ai.lukhas.pwm.cli;

import ai.lukhas.pwm.LukhasVersion;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/lukhas}. Each subcommand is its own class, registered here. */
@Command(
        name = "lukhas",
        mixinStandardHelpOptions = true,
        versionProvider = LukhasCli.Version.class,
        description = "LUKHAS PWM - governance gateway for LLM applications.")
public final class LukhasCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the CLI and returns its exit code (for tests and embedding). A plain {@code serve} (only its
     * own options, each once, with well-formed values) runs without picocli: its model is built by
     * reflection from Java 5 classes that no start-up cache holds (~175 classes, ~0.15 s of the main
     * thread at every start, docs/benchmarks.md "Start-up, round 6"). Everything else, {@code --help}
     * and every malformed {@code serve} included, goes through picocli, so help and errors are its own.
     */
    public static int run(String... args) {
        return run(
                new PrintWriter(new OutputStreamWriter(System.out, System.out.charset()), true),
                new PrintWriter(new OutputStreamWriter(System.err, System.err.charset()), true),
                args);
    }

    /** {@link #run(String...)} writing to {@code out} and {@code err}. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        Optional<ServeCommand> serve = ServeCommand.parsePlain(args);
        if (serve.isPresent()) {
            try {
                serve.get().serve(out, err);
                return 0;
            } catch (Exception e) {
                return failure(e, "lukhas serve", err);
            }
        }
        return newCommandLine(args).setOut(out).setErr(err).execute(args);
    }

    /** The whole command tree (help, tests). */
    static CommandLine newCommandLine() {
        return newCommandLine(new String[0]);
    }

    /**
     * The command line for {@code args}: the root with only the subcommand {@code args[0]} names, or
     * with every subcommand when it names none ({@code --help}, {@code help}, a typo that picocli
     * answers with suggestions).
     */
    static CommandLine newCommandLine(String... args) {
        CommandLine cli = new CommandLine(new LukhasCli());
        Class<?> only = args.length > 0 && !args[0].equals("help") ? Subcommands.BY_NAME.get(args[0]) : null;
        if (only != null) {
            cli.addSubcommand(only);
        } else {
            Subcommands.BY_NAME.values().forEach(cli::addSubcommand);
        }
        cli.setParameterExceptionHandler(LukhasCli::usageError);
        cli.setExecutionExceptionHandler(LukhasCli::failure);
        return cli;
    }

    /** In a class of its own so that a start that does not use picocli does not load the commands' annotations. */
    static final class Subcommands {
        /**
         * Every subcommand by name, in the order {@code lukhas --help} lists them. Registered here rather
         * than in {@code @Command(subcommands = ...)} so that a run names only the one it uses: picocli
         * builds each command's model by reflection (~70 commands with the nested ones), and its classes
         * are Java 5 bytecode, which the start-up cache cannot hold, so the whole tree cost every start
         * several hundred ms of CPU (docs/benchmarks.md, "Start-up").
         */
        static final Map<String, Class<?>> BY_NAME = subcommands(
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
                CommandLine.HelpCommand.class);

        private Subcommands() {}

        private static Map<String, Class<?>> subcommands(Class<?>... commands) {
            Map<String, Class<?>> byName = new LinkedHashMap<>();
            for (Class<?> c : commands) {
                byName.put(c.getAnnotation(Command.class).name(), c);
            }
            return Collections.unmodifiableMap(byName);
        }
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
        return failure(e, cmd.getCommandSpec().qualifiedName(), cmd.getErr());
    }

    private static int failure(Exception e, String name, PrintWriter err) {
        if (e instanceof CliException ce) {
            err.printf("%s: %s%n", name, ce.getMessage());
            return ce.exitCode();
        }
        err.printf("%s: internal error: %s%n", name, e);
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
