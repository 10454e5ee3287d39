package ai.lukhas.pwm.server;

import ai.lukhas.pwm.server.http.ExchangeFilter;
import ai.lukhas.pwm.server.http.ExchangeRoutes;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot routes on a plain Jetty handler in front of Javalin: a {@code POST} to exactly one of the
 * {@link ExchangeRoutes}' paths is answered here, on a {@link JettyExchange}, without the servlet
 * layer, Javalin's context and task queue or its result copy; every other request goes on to Javalin
 * unchanged. What Javalin does around a route is done here in the same order: the API version header,
 * each {@link ExchangeFilter}'s before part (request metrics, {@link RequestScreen}) until one refuses,
 * the route, the error answer of whatever was thrown ({@link GatewayServer#answer}), then every
 * filter's after part (the metrics see the final status; a refusal before the route is tagged
 * {@code unmatched}, as Javalin tags it).
 */
final class HotRoutesHandler extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(HotRoutesHandler.class);

    private final Map<String, ExchangeRoutes.Handler> posts;
    private final List<ExchangeFilter> filters;
    private final long maxRequestBytes;

    HotRoutesHandler(Map<String, ExchangeRoutes.Handler> posts, List<ExchangeFilter> filters, long maxRequestBytes) {
        this.posts = Map.copyOf(posts);
        this.filters = List.copyOf(filters);
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        ExchangeRoutes.Handler route = HttpMethod.POST.is(request.getMethod())
                ? posts.get(request.getHttpURI().getPath())
                : null;
        if (route == null) {
            return super.handle(request, response, callback);
        }
        JettyExchange ex = new JettyExchange(request, response, maxRequestBytes);
        ex.header("x-lukhas-api-version", GatewayServer.API_VERSION);
        Exception broken = null;
        try {
            for (ExchangeFilter f : filters) {
                f.before(ex);
            }
            ex.matched(ex.path());
            route.handle(ex);
        } catch (Exception e) {
            if (ex.streaming()) {
                // the status and headers may be on the wire: the answer cannot change any more
                LOG.error("unhandled error in a streamed answer on {} {}", ex.method(), ex.path(), e);
                broken = e;
            } else {
                GatewayServer.answer(ex, e, maxRequestBytes);
            }
        }
        for (ExchangeFilter f : filters) {
            try {
                f.after(ex);
            } catch (RuntimeException e) {
                LOG.error("an after-request filter failed on {} {}", ex.method(), ex.path(), e);
            }
        }
        if (broken != null) {
            callback.failed(broken);
            return true;
        }
        ex.finish(callback);
        return true;
    }
}
