package ai.lukhas.pwm.cli;

import ai.lukhas.pwm.server.BindPolicy;
import ai.lukhas.pwm.server.GatewayServer;
import ai.lukhas.pwm.server.ServerSettings;
import ai.lukhas.pwm.server.auth.ApiKeyStore;
import ai.lukhas.pwm.server.config.ConfigException;
import ai.lukhas.pwm.server.config.ConfigLoader;
import ai.lukhas.pwm.server.config.LukhasConfig;
import ai.lukhas.pwm.store.DataDirectory;
import ai.lukhas.pwm.store.Database;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
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
            "Configuration: built-in defaults < --config FILE < LUKHAS_* environment < these options."
        })
final class ServeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "lukhas.yaml to read (default: none).")
    Path config;

    @Option(names = "--host", paramLabel = "HOST", description = "Interface to bind (default: 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port, 0 for any free port (default: 8080).")
    Integer port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default: ./.lukhas).")
    Path dataDir;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LukhasConfig cfg;
        try {
            cfg = ConfigLoader.load(Optional.ofNullable(config), System.getenv());
        } catch (ConfigException e) {
            throw new CliException(2, "configuration: " + e.getMessage());
        }
        String bindHost = host != null ? host : cfg.server().host();
        int bindPort = port != null ? port : cfg.server().port();
        ServerSettings settings;
        try {
            settings = new ServerSettings(bindHost, bindPort, cfg.server().maxRequestBytes());
        } catch (IllegalArgumentException e) {
            throw CliException.badInput(e.getMessage());
        }
        DataDirectory data = DataDirectory.of(dataDir != null ? dataDir : cfg.dataDirectory());
        Database db = Database.sqlite(data.database());
        Optional<String> warning;
        try {
            warning = BindPolicy.check(
                    bindHost, ApiKeyStore.open(db, Clock.systemUTC()).hasActiveKeys());
        } catch (IllegalStateException e) {
            db.close();
            throw new CliException(2, e.getMessage());
        }
        warning.ifPresent(w -> err.println("lukhas: warning: " + w));
        CountDownLatch stopped = new CountDownLatch(1);
        GatewayServer server = GatewayServer.start(settings, List.of());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            db.close();
            stopped.countDown();
        }));
        out.printf("lukhas: serving on http://%s:%d (health: /healthz); Ctrl-C stops%n", bindHost, server.port());
        out.printf(
                "lukhas: data directory %s (database %s)%n",
                data.root(), data.database().getFileName());
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
