package ai.lukhas.pwm.server.config;

import java.util.Arrays;
import java.util.Locale;

/**
 * Which threads the HTTP server runs on (issue #19, "the inbound server"; measured in
 * docs/benchmarks.md, "Issue #19 levers — the inbound server").
 *
 * <pre>{@code new ServerSettings("127.0.0.1", 8080, 1 << 20, ServerThreads.JETTY_VIRTUAL)}</pre>
 */
public enum ServerThreads {
    /**
     * Javalin's {@code useVirtualThreads}: every task Jetty runs, its selector loops and acceptor
     * included, on a new virtual thread of its own. The configuration before issue #19.
     */
    JAVALIN_VIRTUAL,
    /**
     * Jetty's pool of platform threads runs the selectors, the acceptor and the parsing; each
     * request's handler, which blocks on the upstream model, runs on a new virtual thread (Jetty's
     * virtual-threads executor). How many requests run at once is not bounded by threads.
     */
    JETTY_VIRTUAL,
    /**
     * Platform threads only: a pool of {@link #PLATFORM_MAX_THREADS}, and at most {@link
     * #PLATFORM_MAX_REQUESTS} requests handled at once; up to {@link #PLATFORM_MAX_WAITING} more wait
     * (holding no thread) for up to {@link #PLATFORM_MAX_WAIT_SECONDS} s, and beyond that a request is
     * answered 503 at once. The pool's own task queue is bounded too.
     */
    PLATFORM;

    /** The platform pool's size. */
    public static final int PLATFORM_MAX_THREADS = 256;

    /** Requests handled at once on platform threads; the rest of the pool runs Jetty's selectors and I/O. */
    public static final int PLATFORM_MAX_REQUESTS = 224;

    /** Requests that may wait for a handling slot before further ones are answered 503. */
    public static final int PLATFORM_MAX_WAITING = 1024;

    /** How long a request waits for a handling slot before it is answered 503. */
    public static final int PLATFORM_MAX_WAIT_SECONDS = 10;

    /** What {@code bin/lukhas serve} and the tests use. */
    public static final ServerThreads DEFAULT = JAVALIN_VIRTUAL;

    /** The name in configuration and benchmark parameters: {@code javalin-virtual}, {@code jetty-virtual}, {@code platform}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The model named {@code name} ({@link #wireName()}). */
    public static ServerThreads of(String name) {
        for (ServerThreads t : values()) {
            if (t.wireName().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("server threads must be one of "
                + Arrays.stream(values()).map(ServerThreads::wireName).toList() + ", but was '" + name + "'");
    }
}
