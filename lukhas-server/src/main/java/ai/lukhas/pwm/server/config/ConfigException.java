package ai.lukhas.pwm.server.config;

/** The configuration cannot be used; the message names the key, where its value came from, and why. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
