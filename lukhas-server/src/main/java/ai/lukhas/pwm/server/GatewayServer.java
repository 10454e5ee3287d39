package ai.lukhas.pwm.server;

import ai.lukhas.pwm.LukhasVersion;
import ai.lukhas.pwm.server.auth.AccessControl;
import ai.lukhas.pwm.server.config.ServerThreads;
import ai.lukhas.pwm.server.http.Exchange;
import ai.lukhas.pwm.server.http.ExchangeFilter;
import ai.lukhas.pwm.server.http.ExchangeRoutes;
import ai.lukhas.pwm.server.http.OpenAiErrors;
import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.server.http.ProblemException;
import ai.lukhas.pwm.server.http.Routes;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LUKHAS PWM HTTP server: Javalin on Jetty 12 with virtual threads. It mounts {@link Routes}
 * groups, answers every error as RFC 9457 problem+json (never a stack trace), stamps
 * {@code x-lukhas-api-version} on every response and refuses bodies over the size limit.
 *
 * <pre>{@code
 * try (GatewayServer server = GatewayServer.start(ServerSettings.defaults(), List.of())) {
 *     System.out.println(server.port());
 * }
 * }</pre>
 */
public final class GatewayServer implements AutoCloseable {
    /** The API generation in the path ({@code /v1}); see docs/api.md for how a v2 would coexist. */
    public static final String API_VERSION = Routes.API_VERSION;

    /** How long {@link #close()} waits for in-flight requests before cutting them off. */
    public static final Duration DRAIN = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Javalin app;
    private final BodyDeadline bodyDeadline;

    private GatewayServer(Javalin app, BodyDeadline bodyDeadline) {
        this.app = app;
        this.bodyDeadline = bodyDeadline;
    }

    /**
     * Starts the server with {@code /healthz} and the given route groups (port 0 picks a free one). The
     * {@code POST} routes of {@link ExchangeRoutes} groups are answered at their exact paths by a plain
     * Jetty handler in front of Javalin ({@link HotRoutesHandler}), with the {@link ExchangeFilter}s
     * among the groups run around them in the same order as Javalin runs them.
     */
    public static GatewayServer start(ServerSettings settings, List<Routes> groups) {
        return start(settings, groups, true);
    }

    /** As {@link #start(ServerSettings, List)}; {@code hotRoutes} false leaves every request to Javalin (tests compare the two). */
    static GatewayServer start(ServerSettings settings, List<Routes> groups, boolean hotRoutes) {
        return start(settings, groups, hotRoutes, Admission.PLATFORM);
    }

    /**
     * How many requests {@code server.threads: platform} handles at once, how many more wait (holding no
     * thread) and for how long before 503: {@link #PLATFORM} in production, smaller in the test that
     * drives the refusal.
     */
    record Admission(int maxRequests, int maxWaiting, Duration maxWait) {
        static final Admission PLATFORM = new Admission(
                ServerThreads.PLATFORM_MAX_REQUESTS,
                ServerThreads.PLATFORM_MAX_WAITING,
                Duration.ofSeconds(ServerThreads.PLATFORM_MAX_WAIT_SECONDS));
    }

    /** As {@link #start(ServerSettings, List, boolean)}, with {@code admission} for the platform model. */
    static GatewayServer start(ServerSettings settings, List<Routes> groups, boolean hotRoutes, Admission admission) {
        return start(settings, groups, hotRoutes, admission, DeadlineTime.JETTY);
    }

    /**
     * As {@link #start(ServerSettings, List, boolean, Admission)}, with the request deadlines kept by
     * {@code time}: {@link DeadlineTime#JETTY} in production, a hand-driven one in the tests of the deadlines.
     */
    static GatewayServer start(
            ServerSettings settings, List<Routes> groups, boolean hotRoutes, Admission admission, DeadlineTime time) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(groups, "groups");
        BodyDeadline bodyDeadline = new BodyDeadline(settings.bodyTimeout(), time);
        Javalin app = Javalin.create(config -> {
            if (hotRoutes) {
                // first, so it sits inside the graceful-stop and admission handlers the lines below insert
                HotRoutesHandler hot = hotRoutes(groups, settings.maxRequestBytes());
                config.jetty.modifyServer(server -> server.insertHandler(hot));
            }
            // around both paths (the hot handler above and Javalin's servlet): a body's total deadline
            config.jetty.modifyServer(server -> server.insertHandler(bodyDeadline));
            connectors(config, settings.idleTimeout(), bodyDeadline);
            threads(config, settings.threads(), admission);
            config.startup.showJavalinBanner = false;
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            // Graceful stop: close the listener, then let in-flight requests finish (up to DRAIN).
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(DRAIN.toMillis());
                server.insertHandler(new GracefulHandler());
                // Jetty's own refusals (414, 431, bad percent-encoding, a bad Content-Length) as JSON, not HTML
                server.setErrorHandler(new JsonErrorHandler());
            });
            config.http.defaultContentType = "application/json";
            config.http.maxRequestSize = settings.maxRequestBytes();
            config.http.prefer405over404 = true;
            // Javalin copies every result to the response through a buffer of this size, allocated per
            // request (by default Jetty's output buffer, 32 KiB: ~80 % of the bytes a /healthz allocated).
            // At least Javalin's 1,500-byte minimum for compression, so gzip is chosen exactly as before.
            config.http.responseBufferSize = RESULT_COPY_BUFFER_BYTES;
            config.routes.before(ctx -> ctx.header("x-lukhas-api-version", API_VERSION));
            config.routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok", "version", LukhasVersion.current())));
            for (Routes g : groups) {
                g.register(config.routes);
            }
            // one mapper per type: Javalin answers its own HttpResponseException unless a mapper names that type
            config.routes.exception(
                    ProblemException.class, (e, ctx) -> answer(Exchange.of(ctx), e, settings.maxRequestBytes()));
            config.routes.exception(
                    HttpResponseException.class, (e, ctx) -> answer(Exchange.of(ctx), e, settings.maxRequestBytes()));
            config.routes.exception(
                    Exception.class, (e, ctx) -> answer(Exchange.of(ctx), e, settings.maxRequestBytes()));
            config.routes.error(404, "*", ctx -> {
                if (!isProblem(ctx)) {
                    respond(
                            ctx,
                            Problem.of(
                                    404,
                                    "Not found",
                                    "no route " + ctx.method() + " " + ctx.path()
                                            + "; see /openapi.json for the routes this server offers"));
                }
            });
            // Javalin answers a request body that timed out by itself, 408 without a body: as the hot handler does
            config.routes.error(408, "*", ctx -> {
                if (!isProblem(ctx)) {
                    TimeoutException timeout = BodyDeadline.expiredFor(ctx.req())
                            .map(TimeoutException.class::cast)
                            .orElseGet(() -> new TimeoutException("idle timeout"));
                    answer(Exchange.of(ctx), new UnreadBody(new IOException(timeout)), settings.maxRequestBytes());
                }
            });
            config.routes.error(405, "*", ctx -> {
                if (!isProblem(ctx)) {
                    respond(
                            ctx,
                            Problem.of(405, "Method not allowed", ctx.method() + " is not allowed on " + ctx.path()));
                }
            });
        });
        app.start();
        return new GatewayServer(app, bodyDeadline);
    }

    /** The handler of the {@link ExchangeRoutes} groups' POST routes, with the filters in group order. */
    private static HotRoutesHandler hotRoutes(List<Routes> groups, long maxRequestBytes) {
        Map<String, ExchangeRoutes.Handler> posts = new HashMap<>();
        List<ExchangeFilter> filters = new java.util.ArrayList<>();
        for (Routes g : groups) {
            if (g instanceof ExchangeRoutes r) {
                posts.putAll(r.posts());
            }
            if (g instanceof ExchangeFilter f) {
                filters.add(f);
            }
        }
        return new HotRoutesHandler(posts, filters, maxRequestBytes);
    }

    /**
     * Answers what a request's handling threw: a {@link ProblemException} as its problem (with
     * {@code Retry-After} when rate limited, {@code WWW-Authenticate} on 401), Javalin's own refusals
     * (e.g. 413 for a body over the limit) likewise, anything else as a 500 naming an error id that the
     * server log has with the stack trace.
     */
    static void answer(Exchange ex, Exception e, long maxRequestBytes) {
        if (e instanceof ProblemException p) {
            if (p instanceof AccessControl.RateLimited limited) {
                ex.header("Retry-After", Long.toString(limited.retryAfterSeconds()));
            }
            if (p.problem().status() == 401) {
                ex.header("WWW-Authenticate", "Bearer");
            }
            respond(ex, p.problem(), p instanceof OpenAiErrors.Coded c ? Optional.of(c.code()) : Optional.empty());
        } else if (e instanceof HttpResponseException h && h.getStatus() == HttpStatus.METHOD_NOT_ALLOWED.getCode()) {
            // RFC 9110: a 405 names the methods the path has
            String allowed = h.getDetails().getOrDefault("availableMethods", "");
            if (!allowed.isEmpty()) {
                ex.header("Allow", allowed);
            }
            respond(
                    ex,
                    Problem.of(
                            405,
                            "Method not allowed",
                            ex.method() + " is not allowed on " + ex.path()
                                    + (allowed.isEmpty() ? "" : "; it takes " + allowed)),
                    Optional.empty());
        } else if (e instanceof HttpResponseException h) {
            respond(ex, fromJavalin(h, maxRequestBytes), Optional.empty());
        } else {
            String id = UUID.randomUUID().toString();
            Optional<Problem> unfinished = unfinished(e, id);
            if (unfinished.isPresent()) {
                // the client's doing, like a client leaving mid-stream: one INFO line, no stack trace; the
                // answer reaches a client that only half-closed, and is dropped for one that reset
                LOG.info(
                        "client did not send the whole request: request {} on {} {} answered {} ({})",
                        id,
                        ex.method(),
                        ex.path(),
                        unfinished.get().status(),
                        rootCause(e).getClass().getSimpleName());
                // the rest of the body is not read: the connection cannot carry another request
                ex.header("Connection", "close");
                respond(ex, unfinished.get(), Optional.empty());
                return;
            }
            LOG.error("unhandled error {} on {} {}", id, ex.method(), ex.path(), e);
            respond(
                    ex,
                    Problem.of(
                            500,
                            "Internal error",
                            "the gateway failed to handle this request; quote error id " + id
                                    + " to the operator (details are in the server log)"),
                    Optional.empty());
        }
    }

    /**
     * The answer to a request whose body never arrived whole, when {@code e} says so: the body's reading
     * on the hot handler failed ({@link UnreadBody}) or Jetty's parser saw the connection end in the
     * middle of the request on Javalin's (its {@link EofException} that is an {@link HttpException}).
     * A connection that ended is 400 (the client reset or half-closed it); a body that missed its total
     * deadline ({@link BodyDeadline.Expired}) or stopped arriving for longer than the idle timeout (any
     * other {@link TimeoutException} under the failed read) is 408. Neither request reached a
     * route's governance, so neither has an audit record or an incident. Any other exception, a
     * timeout or end of stream of the upstream included, is not the client's.
     */
    static Optional<Problem> unfinished(Throwable e, String request) {
        boolean parsing = e instanceof EofException && e instanceof HttpException;
        if (!(e instanceof UnreadBody) && !parsing) {
            return Optional.empty();
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BodyDeadline.Expired expired) {
                return Optional.of(Problem.of(
                        408,
                        "Request timeout",
                        "the request body did not arrive whole within the server's body timeout of "
                                + expired.timeout().toMillis() + " ms (server.body_timeout_ms; request " + request
                                + "); send the whole body at once"));
            }
            if (t instanceof TimeoutException) {
                return Optional.of(Problem.of(
                        408,
                        "Request timeout",
                        "the request body stopped arriving for longer than the server's idle timeout"
                                + " (server.idle_timeout_ms; request " + request
                                + "); send the whole body without pausing"));
            }
        }
        return Optional.of(Problem.of(
                400,
                "Incomplete request",
                "the connection ended before the request body did (request " + request
                        + "); send the whole body its Content-Length or chunked encoding announces"));
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** Puts request handling on the threads {@code threads} names (docs/configuration.md, {@code server.threads}). */
    private static void threads(JavalinConfig config, ServerThreads threads, Admission admission) {
        switch (threads) {
            case JAVALIN_VIRTUAL -> config.concurrency.useVirtualThreads = true;
            case JETTY_VIRTUAL -> {
                QueuedThreadPool pool = new QueuedThreadPool(PLATFORM_POOL_FOR_IO, 4);
                pool.setName("lukhas-http");
                pool.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("lukhas-request-"));
                config.jetty.threadPool = pool;
            }
            case PLATFORM -> {
                // a bounded task queue: a pool that cannot keep up refuses work instead of queueing without end
                QueuedThreadPool pool = new QueuedThreadPool(
                        ServerThreads.PLATFORM_MAX_THREADS,
                        8,
                        60_000,
                        new ArrayBlockingQueue<>(ServerThreads.PLATFORM_MAX_WAITING));
                pool.setName("lukhas-http");
                config.jetty.threadPool = pool;
                // requests beyond the handling slots wait without a thread, then get 503 (JsonErrorHandler's body)
                config.jetty.modifyServer(server -> {
                    QoSHandler limit = new QoSHandler();
                    limit.setMaxRequestCount(admission.maxRequests());
                    limit.setMaxSuspendedRequestCount(admission.maxWaiting());
                    limit.setMaxSuspend(admission.maxWait());
                    server.insertHandler(limit);
                });
            }
        }
    }

    /**
     * Every connector's idle timeout ({@code server.idle_timeout_ms}: a connection with nothing read or
     * written for that long is closed, and a body waited for that long is 408) and its request heads held
     * to the body's deadline ({@link HeadDeadline}). Set as the server starts, once Javalin has made its
     * connector (whichever connectors there are then).
     */
    private static void connectors(JavalinConfig config, Duration idle, BodyDeadline deadline) {
        config.jetty.modifyServer(server -> server.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                for (Connector c : server.getConnectors()) {
                    if (c instanceof AbstractConnector connector) {
                        connector.setIdleTimeout(idle.toMillis());
                        HeadDeadline.install(connector, deadline);
                    }
                }
            }
        }));
    }

    /** Javalin's per-request copy buffer from a result to the response (see {@link #start}). */
    static final int RESULT_COPY_BUFFER_BYTES = 4096;

    /** Jetty's own platform threads when requests run on virtual ones: selectors, acceptor, parsing. */
    private static final int PLATFORM_POOL_FOR_IO = 32;

    /** The handler that holds request bodies to {@code server.body_timeout_ms} (its counters, for tests). */
    BodyDeadline bodyDeadline() {
        return bodyDeadline;
    }

    /** The port actually bound. */
    public int port() {
        return app.port();
    }

    /**
     * The HTTP routes this server registered, each as {@code "METHOD /path/{param}"} (Javalin's path
     * syntax, which is also OpenAPI's); what the contract test compares with the OpenAPI document.
     */
    public SortedSet<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(endpoint -> endpoint.method.isHttpMethod())
                .map(endpoint -> endpoint.method.name() + " " + endpoint.path)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Stops accepting connections and waits (up to {@link #DRAIN}) for in-flight requests to finish. */
    @Override
    public void close() {
        app.stop();
    }

    static Problem fromJavalin(HttpResponseException e, long maxRequestBytes) {
        int status = e.getStatus();
        if (status == HttpStatus.CONTENT_TOO_LARGE.getCode()) {
            return tooLarge(maxRequestBytes);
        }
        HttpStatus s = HttpStatus.forStatus(status);
        String title = s == HttpStatus.UNKNOWN ? "Error" : s.getMessage();
        return Problem.of(status < 400 ? 500 : status, title, e.getMessage());
    }

    /** 413: the request body is over {@code maxRequestBytes}. */
    static Problem tooLarge(long maxRequestBytes) {
        return Problem.of(
                413,
                "Request too large",
                "the request body is larger than the limit of " + maxRequestBytes
                        + " bytes; send less or raise server.max_request_bytes");
    }

    /** Whether {@link #respond} has already answered this request with an error body. */
    private static boolean isProblem(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(ANSWERED));
    }

    private static final String ANSWERED = "lukhas.error-answered";

    static void respond(Context ctx, Problem problem) {
        respond(Exchange.of(ctx), problem, Optional.empty());
    }

    /**
     * Answers {@code problem}: as an OpenAI error body on the OpenAI-compatible routes
     * ({@link OpenAiErrors}), as problem+json everywhere else.
     */
    static void respond(Exchange ex, Problem problem, Optional<String> openAiCode) {
        Problem p = problem.instance().isEmpty() ? problem.withInstance(ex.path()) : problem;
        ex.attribute(ANSWERED, true);
        if (OpenAiErrors.isOpenAiRoute(ex.path())) {
            ex.result(
                    OpenAiErrors.status(p),
                    "application/json",
                    OpenAiErrors.render(p, openAiCode).getBytes(StandardCharsets.UTF_8));
            return;
        }
        try {
            ex.result(p.status(), Problem.MEDIA_TYPE, JSON.writeValueAsBytes(p));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a Problem always renders as JSON", e);
        }
    }
}
