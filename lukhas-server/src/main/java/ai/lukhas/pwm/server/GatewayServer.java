package ai.lukhas.pwm.server;

import ai.lukhas.pwm.LukhasVersion;
import io.javalin.Javalin;
import java.util.Map;
import java.util.Objects;

/**
 * The LUKHAS PWM HTTP server. Today it serves only {@code GET /healthz}; the OpenAI-compatible and
 * management APIs arrive with their issues.
 *
 * <pre>{@code
 * try (GatewayServer server = GatewayServer.start(ServerSettings.defaults())) {
 *     System.out.println(server.port());
 * }
 * }</pre>
 */
public final class GatewayServer implements AutoCloseable {
    private final Javalin app;

    private GatewayServer(Javalin app) {
        this.app = app;
    }

    /** Starts the server on the settings' host and port (port 0 picks a free one). */
    public static GatewayServer start(ServerSettings settings) {
        Objects.requireNonNull(settings, "settings");
        Javalin app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.http.defaultContentType = "application/json";
            config.routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok", "version", LukhasVersion.current())));
        });
        app.start();
        return new GatewayServer(app);
    }

    /** The port actually bound. */
    public int port() {
        return app.port();
    }

    /** Stops accepting connections and waits for in-flight requests to finish. */
    @Override
    public void close() {
        app.stop();
    }
}
