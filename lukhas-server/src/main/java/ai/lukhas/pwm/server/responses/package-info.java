/**
 * Stored Responses API objects ({@code store: true}): the {@link ai.lukhas.pwm.server.responses.ResponseStore}
 * contract and its embedded (SQLite) and in-memory implementations, keyed by tenant.
 */
package ai.lukhas.pwm.server.responses;
