package ai.lukhas.pwm.server.http;

import io.javalin.config.RoutesConfig;
import java.util.Map;

/**
 * A route group whose {@code POST} routes are written against {@link Exchange}: the server answers
 * their exact paths from a plain Jetty handler in front of Javalin (no servlet layer, no Javalin
 * context), and registers them with Javalin as well, which serves every other spelling of the path
 * (a trailing slash, percent-encoding) and lists them among the server's routes.
 *
 * <pre>{@code
 * ExchangeRoutes ping = () -> Map.of("/ping", ex -> ex.result(200, "application/json", "{}".getBytes(UTF_8)));
 * }</pre>
 */
@FunctionalInterface
public interface ExchangeRoutes extends Routes {
    /** Each {@code POST} path this group serves, with its handler. */
    Map<String, Handler> posts();

    /** Registers {@link #posts()} with Javalin; a group with more routes calls this from its own {@code register}. */
    @Override
    default void register(RoutesConfig routes) {
        posts().forEach((path, handler) -> routes.post(path, ctx -> handler.handle(Exchange.of(ctx))));
    }

    /** A route's handler; it throws a {@link ProblemException} to refuse. */
    @FunctionalInterface
    interface Handler {
        void handle(Exchange ex) throws Exception;
    }
}
