package ai.lukhas.pwm.server;

import io.javalin.config.RoutesConfig;

/** A group of routes the server mounts; each API (OpenAI-compatible, management, ...) is one. */
@FunctionalInterface
public interface Routes {
    void register(RoutesConfig routes);
}
