/**
 * Incidents (blocked tools, invalid arguments, flagged content, provider errors): recorded durably, listed,
 * exported, counted, and turned into an immediate tightening of the session by the {@link Guardian}.
 */
package ai.lukhas.pwm.governance.incident;
