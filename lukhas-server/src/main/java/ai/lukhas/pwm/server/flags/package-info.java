/**
 * Where the gateway keeps run-time flag overrides: the embedded (SQLite) implementation of
 * {@link ai.lukhas.pwm.flags.FlagOverrideStore}, Flyway component {@code flag_overrides}.
 */
package ai.lukhas.pwm.server.flags;
