/**
 * LUKHAS PWM core: the embeddable governance library. One sub-package per concern, layered as
 * documented in {@code docs/architecture.md}; no HTTP server lives here.
 */
package ai.lukhas.pwm;
