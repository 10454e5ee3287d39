package ai.lukhas.pwm.cli;

import ai.lukhas.pwm.server.BindPolicy;
import ai.lukhas.pwm.server.GatewayServer;
import ai.lukhas.pwm.server.ServerSettings;
import ai.lukhas.pwm.server.auth.ApiKeyStore;
import ai.lukhas.pwm.store.Database;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the gateway HTTP server.")
final class ServeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--host", description = "Interface to bind (default: ${DEFAULT-VALUE}).")
    String host = ServerSettings.DEFAULT_HOST;

    @Option(names = "--port", description = "Port to listen on, 0 for any free port (default: ${DEFAULT-VALUE}).")
    int port = ServerSettings.DEFAULT_PORT;

    @Mixin
    DataDirOption dir;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Database db = Database.sqlite(dir.dataDirectory().database());
        Optional<String> warning;
        try {
            warning = BindPolicy.check(
                    host, ApiKeyStore.open(db, Clock.systemUTC()).hasActiveKeys());
        } catch (IllegalStateException e) {
            db.close();
            throw new CliException(2, e.getMessage());
        }
        warning.ifPresent(w -> err.println("lukhas: warning: " + w));
        CountDownLatch stopped = new CountDownLatch(1);
        GatewayServer server = GatewayServer.start(new ServerSettings(host, port));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            db.close();
            stopped.countDown();
        }));
        out.printf("lukhas: serving on http://%s:%d (health: /healthz); Ctrl-C stops%n", host, server.port());
        out.printf("lukhas: data directory %s%n", dir.dataDirectory().root());
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
