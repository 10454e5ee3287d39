package ai.lukhas.pwm.server;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.server.config.ServerThreads;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the server listens.
 *
 * @param host interface to bind, e.g. {@code 127.0.0.1}
 * @param port TCP port, 0 for any free port
 * @param maxRequestBytes the largest request body accepted; larger ones get 413
 * @param threads which threads handle requests ({@link ServerThreads#DEFAULT} unless given)
 * @param bodyTimeout how long a request body may take to arrive whole, counted from the request's first
 *     byte; later is 408 ({@link #DEFAULT_BODY_TIMEOUT} unless given)
 * @param idleTimeout how long a connection may go with nothing read or written; a body that stops
 *     arriving that long is 408 ({@link #DEFAULT_IDLE_TIMEOUT} unless given)
 */
public record ServerSettings(
        String host,
        int port,
        long maxRequestBytes,
        ServerThreads threads,
        Duration bodyTimeout,
        Duration idleTimeout) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_MAX_REQUEST_BYTES = 1 << 20;
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);
    /** Jetty's own default. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

    public ServerSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(threads, "threads");
        Objects.requireNonNull(bodyTimeout, "bodyTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        Checks.inRange(port, 0, 65535, "port");
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("max request bytes must be at least 1024, but was " + maxRequestBytes);
        }
        positive(bodyTimeout, "body timeout");
        positive(idleTimeout, "idle timeout");
    }

    public ServerSettings(String host, int port, long maxRequestBytes, ServerThreads threads) {
        this(host, port, maxRequestBytes, threads, DEFAULT_BODY_TIMEOUT, DEFAULT_IDLE_TIMEOUT);
    }

    public ServerSettings(String host, int port, long maxRequestBytes) {
        this(host, port, maxRequestBytes, ServerThreads.DEFAULT);
    }

    public ServerSettings(String host, int port) {
        this(host, port, DEFAULT_MAX_REQUEST_BYTES);
    }

    /** Loopback on port 8080, 1 MiB bodies. */
    public static ServerSettings defaults() {
        return new ServerSettings(DEFAULT_HOST, DEFAULT_PORT);
    }

    /** These settings with the body deadline and the idle timeout given. */
    public ServerSettings withTimeouts(Duration body, Duration idle) {
        return new ServerSettings(host, port, maxRequestBytes, threads, body, idle);
    }

    private static void positive(Duration d, String what) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, but was " + d);
        }
    }
}
