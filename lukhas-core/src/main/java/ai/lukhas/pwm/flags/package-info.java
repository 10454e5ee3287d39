/**
 * Feature flags: the read-only {@link ai.lukhas.pwm.flags.Flags} view that the rest of the core
 * depends on. Evaluation never throws.
 */
package ai.lukhas.pwm.flags;
