/**
 * Moderation of user input, every tool output and the final output behind the one-method
 * {@link ai.lukhas.pwm.governance.moderation.ModerationProvider} SPI; a provider failure fails closed.
 */
package ai.lukhas.pwm.governance.moderation;
