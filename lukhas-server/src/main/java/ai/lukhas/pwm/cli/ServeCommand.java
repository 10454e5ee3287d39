package ai.lukhas.pwm.cli;

import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.pii.PiiScanner;
import ai.lukhas.pwm.server.BindPolicy;
import ai.lukhas.pwm.server.Gateway;
import ai.lukhas.pwm.server.GatewayServer;
import ai.lukhas.pwm.server.ServerSettings;
import ai.lukhas.pwm.server.config.ConfigException;
import ai.lukhas.pwm.server.config.ConfigFile;
import ai.lukhas.pwm.server.config.ConfigLoader;
import ai.lukhas.pwm.server.config.LukhasConfig;
import ai.lukhas.pwm.store.Database;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Run the gateway HTTP server.",
            "Configuration: built-in defaults < lukhas.yaml < LUKHAS_* environment < these options.",
            "The file: --config FILE, else $LUKHAS_CONFIG, else ./lukhas.yaml when present; printed at start."
        })
final class ServeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "lukhas.yaml to read (default: $LUKHAS_CONFIG, else ./lukhas.yaml if it exists).")
    Path config;

    @Option(names = "--host", paramLabel = "HOST", description = "Interface to bind (default: 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port, 0 for any free port (default: 8080).")
    Integer port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default: ./.lukhas).")
    Path dataDir;

    @Option(
            names = "--accept-audit-damage",
            description = "Start even when the audit log is damaged in a way a crash cannot explain; the damage is"
                    + " written into the chain as a recovery record (same as audit.on_damage: record).")
    boolean acceptAuditDamage;

    @Option(
            names = "--timings",
            description = "When ready, print on stderr where start-up went: wall and process-CPU ms of jvm_and_cli,"
                    + " config, gateway_open, bind_check, http_start (docs/benchmarks.md, \"Start-up\").")
    boolean timings;

    /** Where {@code lukhas.yaml} is looked for; tests point it at a temporary directory. */
    Path workingDir = Path.of("");

    /** Counted down to stop the server: by the shutdown hook (SIGTERM, Ctrl-C) or by a test. */
    final CountDownLatch stopRequested = new CountDownLatch(1);

    @Override
    public void run() {
        serve(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /**
     * {@code args} as a {@code serve} to run without picocli ({@link LukhasCli#run}), when they are
     * {@code serve} followed only by its own options, each at most once, in the forms whose meaning
     * cannot differ from picocli's: {@code --name VALUE} or {@code --name=VALUE} with a value that is
     * not empty, does not start with {@code -} or {@code @} and is a valid path for the path options
     * and 1 to 9 decimal digits for {@code --port}; the two switches bare. Anything else is empty and
     * goes to picocli, which gives the help, the version, and every error in its own words.
     */
    static Optional<ServeCommand> parsePlain(String... args) {
        if (args.length == 0 || !args[0].equals("serve")) {
            return Optional.empty();
        }
        ServeCommand c = new ServeCommand();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--accept-audit-damage") || arg.equals("--timings")) {
                if (!seen.add(arg)) {
                    return Optional.empty();
                }
                c.acceptAuditDamage |= arg.equals("--accept-audit-damage");
                c.timings |= arg.equals("--timings");
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return Optional.empty();
            }
            if (!seen.add(name) || value.isEmpty() || value.startsWith("-") || value.startsWith("@")) {
                return Optional.empty();
            }
            try {
                switch (name) {
                    case "--config" -> c.config = Path.of(value);
                    case "--data-dir" -> c.dataDir = Path.of(value);
                    case "--host" -> c.host = value;
                    case "--port" -> {
                        if (!value.matches("[0-9]{1,9}")) {
                            return Optional.empty();
                        }
                        c.port = Integer.valueOf(value);
                    }
                    default -> {
                        return Optional.empty();
                    }
                }
            } catch (InvalidPathException e) {
                return Optional.empty();
            }
        }
        return Optional.of(c);
    }

    /** Runs the server until {@link #stopRequested}, reporting on {@code out} and {@code err}. */
    void serve(PrintWriter out, PrintWriter err) {
        SmokeCommand.Phases phases = new SmokeCommand.Phases();
        warmTables();
        Database.warmUpInBackground();
        LukhasConfig cfg;
        ConfigFile file;
        try {
            file = ConfigFile.locate(Optional.ofNullable(config), System.getenv(), workingDir);
            cfg = ConfigLoader.load(file.path(), System.getenv());
        } catch (ConfigException e) {
            throw new CliException(2, "configuration: " + e.getMessage());
        }
        String bindHost = host != null ? host : cfg.server().host();
        int bindPort = port != null ? port : cfg.server().port();
        ServerSettings settings;
        try {
            settings = new ServerSettings(
                    bindHost,
                    bindPort,
                    cfg.server().maxRequestBytes(),
                    cfg.server().serverThreads(),
                    cfg.server().bodyTimeout(),
                    cfg.server().idleTimeout());
        } catch (IllegalArgumentException e) {
            throw CliException.badInput(e.getMessage());
        }
        Path dataRoot = dataDir != null ? dataDir : cfg.dataDirectory();
        LukhasConfig withData = cfg.withDataDir(dataRoot.toString());
        LukhasConfig effective =
                acceptAuditDamage ? withData.withAudit(withData.audit().withOnDamage("record")) : withData;
        Map<String, String> env = System.getenv();
        phases.end("config");
        Gateway gateway;
        try {
            gateway = Gateway.open(effective, env, Clock.systemUTC());
        } catch (RuntimeException e) {
            throw new CliException(2, "cannot start: " + e.getMessage());
        }
        phases.end("gateway_open");
        Optional<String> warning;
        try {
            warning = BindPolicy.check(bindHost, gateway.keys().hasActiveKeys());
        } catch (IllegalStateException e) {
            gateway.close();
            throw new CliException(2, e.getMessage());
        }
        warning.ifPresent(w -> err.println("lukhas: warning: " + w));
        err.flush();
        phases.end("bind_check");
        GatewayServer server;
        try {
            server = gateway.start(settings);
        } catch (RuntimeException e) {
            gateway.close();
            throw new CliException(2, "cannot listen on " + bindHost + ":" + bindPort + ": " + e.getMessage());
        }
        phases.end("http_start");
        if (timings) {
            err.printf(
                    "lukhas: ready %s ms after the process started, %s ms of CPU; phases %s%n",
                    phases.processStartToReadyMs()
                            .map(ms -> Long.toString(Math.round(ms)))
                            .orElse("?"),
                    Math.round(phases.cpuMs()),
                    phases.json());
            err.flush();
        }
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            // SIGTERM/Ctrl-C: ask run() to shut down, and keep the JVM alive until it has.
            stopRequested.countDown();
            awaitQuietly(closed);
        });
        Runtime.getRuntime().addShutdownHook(hook);
        String url = "http://" + bindHost + ":" + server.port();
        out.printf(
                "lukhas: serving on %s (health: /healthz, ready: /readyz, metrics: /metrics, API docs: /docs);"
                        + " Ctrl-C stops%n",
                url);
        out.printf("lukhas: configuration %s%n", file.describe());
        out.printf(
                "lukhas: data directory %s (database %s)%n",
                gateway.dataDirectory().root(), gateway.dataDirectory().database());
        out.printf(
                "lukhas: audit directory %s (durability %s)%n",
                gateway.auditDirectory(), effective.audit().durability());
        out.printf(
                "lukhas: audit checkpoints signed every %d records or %d s (public key %s)%n",
                effective.audit().checkpointEveryRecords(),
                effective.audit().checkpointEverySeconds(),
                ai.lukhas.pwm.audit.CheckpointKeys.publicKeyFile(effective.auditCheckpointKeyFile()));
        gateway.audit().startupReport().recovery().ifPresent(r -> {
            err.printf(
                    "lukhas: warning: the audit log needed recovery at start-up (%s); recovery record seq %d, audit_id %s%n",
                    gateway.audit().startupReport().damageAccepted()
                            ? "DAMAGE accepted: "
                                    + gateway.audit().startupReport().damage()
                            : "crash repair",
                    r.seq(),
                    r.auditId());
            err.flush();
        });
        out.printf(
                "lukhas: provider %s%s%n",
                gateway.provider().name(),
                effective
                        .upstream()
                        .baseUrl()
                        .map(u -> " at " + u + " (model " + effective.upstream().model() + ")")
                        .orElse(" (no upstream configured)"));
        out.printf("lukhas: policy %s%n", gateway.policy().info().source());
        out.printf(
                "lukhas: flags file %s%s%n",
                effective.flags().file(),
                Files.exists(Path.of(effective.flags().file())) ? "" : " (not present; defaults apply)");
        out.flush();
        awaitQuietly(stopRequested);
        // Stop taking requests and let in-flight ones finish, then flush the audit log and close.
        server.close();
        gateway.close();
        out.println("lukhas: stopped; audit log flushed");
        out.flush();
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is what asked us to stop; it is running now and returns once closed is counted down.
        }
    }

    /**
     * Builds three process-wide tables on a thread of its own, while the main thread reads the
     * configuration and opens the gateway: first the standard PII scanner (its class initialisation
     * compiles the detectors' patterns, ~15–80 ms that opening the gateway otherwise waits for, in the
     * audit redactor: docs/benchmarks.md "Start-up, round 7"), then the local moderation provider's
     * lexicon and trigger indexes (its class initialisation reads {@code local-lexicon.rules} and
     * compiles every rule: ~35 ms of the main thread's CPU at the end of opening the gateway, "Start-up,
     * round 8"; the provider built here is thrown away), then the JDK's available locales (Jetty's
     * {@code MimeTypes} initialiser, on the start path of the HTTP server, asks for them, and the JDK's
     * first answer loads every locale provider: ~30 ms, "Start-up, round 6"). Each is computed once,
     * under its class's initialisation, so the main thread then finds it ready or waits for it; nothing
     * else is shared and nothing observable changes.
     */
    private static void warmTables() {
        Thread warm = new Thread(
                () -> {
                    PiiScanner.standard();
                    ModerationProvider.local();
                    Locale.getAvailableLocales();
                },
                "lukhas-warm-tables");
        warm.setDaemon(true);
        warm.start();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
