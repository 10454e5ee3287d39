package ai.lukhas.pwm.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Without API keys anyone who can reach the port can use the gateway, so with no active key the
 * server binds to loopback only (and warns); binding anywhere else without keys is refused.
 */
public final class BindPolicy {
    private BindPolicy() {}

    /**
     * Checks a bind address against the key situation.
     *
     * @return a warning to print, if any
     * @throws IllegalStateException when the combination must not start, with what to do instead
     */
    public static Optional<String> check(String host, boolean hasActiveKeys) {
        if (hasActiveKeys) {
            return Optional.empty();
        }
        if (isLoopback(host)) {
            return Optional.of("no API keys configured: serving without authentication on loopback only;"
                    + " create one with 'lukhas keys create --role admin' before exposing the gateway");
        }
        throw new IllegalStateException("refusing to listen on " + host + " without API keys: anyone who can reach it"
                + " could use the gateway. Create a key with 'lukhas keys create --role admin', or bind to 127.0.0.1");
    }

    static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot resolve the bind address '" + host + "': " + e.getMessage(), e);
        }
    }
}
