package ai.lukhas.pwm.server;

import java.util.Objects;

/**
 * Where the server listens.
 *
 * @param host interface to bind, e.g. {@code 127.0.0.1}
 * @param port TCP port, 0 for any free port
 */
public record ServerSettings(String host, int port) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    public ServerSettings {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], but was " + port);
        }
    }

    /** Loopback on port 8080. */
    public static ServerSettings defaults() {
        return new ServerSettings(DEFAULT_HOST, DEFAULT_PORT);
    }
}
