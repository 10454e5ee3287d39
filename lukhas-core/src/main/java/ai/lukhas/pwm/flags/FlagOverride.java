package ai.lukhas.pwm.flags;

import java.util.Optional;

/**
 * A runtime override that lasts until {@link #close()}, which restores exactly what was overridden
 * before (another override, or none). Closing twice has no further effect. Scopes on the same flag
 * are meant to be closed in reverse order of opening (try-with-resources does that); scopes on
 * different flags are independent.
 *
 * <pre>{@code
 * try (FlagOverride outer = flags.override("BROWSER_TOOL", true);
 *      FlagOverride inner = flags.override("BROWSER_TOOL", false)) {
 *     flags.isEnabled("BROWSER_TOOL", true); // false
 * } // back to the environment / file / default value
 * }</pre>
 */
public final class FlagOverride implements AutoCloseable {
    private final FlagService service;
    private final String name;
    private final Optional<String> previous;
    private boolean closed;

    FlagOverride(FlagService service, String name, Optional<String> previous) {
        this.service = service;
        this.name = name;
        this.previous = previous;
    }

    /** The overridden flag. */
    public String name() {
        return name;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            service.restore(name, previous);
        }
    }
}
