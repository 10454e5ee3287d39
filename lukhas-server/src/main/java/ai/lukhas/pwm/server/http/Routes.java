package ai.lukhas.pwm.server.http;

import io.javalin.config.RoutesConfig;

/**
 * A group of routes the server mounts: one per resource (chat, sessions, audit, ...), each
 * registering its own paths.
 *
 * <pre>{@code Routes ping = routes -> routes.get("/ping", ctx -> ctx.result("pong"));}</pre>
 */
@FunctionalInterface
public interface Routes {
    /** The API generation in the path ({@code /v1}), named in every answer's {@code x-lukhas-api-version}. */
    String API_VERSION = "1";

    void register(RoutesConfig routes);
}
