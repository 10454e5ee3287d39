package ai.lukhas.pwm.server;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.server.config.ServerThreads;
import java.util.Objects;

/**
 * Where and how the server listens.
 *
 * @param host interface to bind, e.g. {@code 127.0.0.1}
 * @param port TCP port, 0 for any free port
 * @param maxRequestBytes the largest request body accepted; larger ones get 413
 * @param threads which threads handle requests ({@link ServerThreads#DEFAULT} unless given)
 */
public record ServerSettings(String host, int port, long maxRequestBytes, ServerThreads threads) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_MAX_REQUEST_BYTES = 1 << 20;

    public ServerSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(threads, "threads");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        Checks.inRange(port, 0, 65535, "port");
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("max request bytes must be at least 1024, but was " + maxRequestBytes);
        }
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
}
