package ai.lukhas.pwm.server.http;

import io.javalin.config.RoutesConfig;

/**
 * What runs before and after every request's route, whichever way it is served: Javalin's before and
 * after handlers, and the server's hot-route handler ({@link ExchangeRoutes}) in the same order. The
 * after part runs also when the before part or the route refused the request.
 *
 * <pre>{@code GatewayServer.start(settings, List.of(metrics.httpRoutes(), new RequestScreen(access, throttle), routes));}</pre>
 */
public interface ExchangeFilter extends Routes {
    /** Runs before the route; throws a {@link ProblemException} to refuse the request. */
    void before(Exchange ex);

    /** Runs once the route (or the error mapping) has set the status. */
    void after(Exchange ex);

    @Override
    default void register(RoutesConfig routes) {
        routes.before(ctx -> before(Exchange.of(ctx)));
        routes.after(ctx -> after(Exchange.of(ctx)));
    }
}
