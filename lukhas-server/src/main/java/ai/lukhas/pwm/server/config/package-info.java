/**
 * Server configuration: {@code lukhas.yaml} over built-in defaults, then {@code LUKHAS_*} environment
 * overrides, validated once at start with messages that name the key, the source and the problem.
 */
package ai.lukhas.pwm.server.config;
