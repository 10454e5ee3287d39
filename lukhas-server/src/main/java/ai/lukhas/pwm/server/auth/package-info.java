/**
 * API keys and roles: keys are stored hashed, shown once at creation, and map a bearer token to a
 * principal (key id, role, tenant).
 */
package ai.lukhas.pwm.server.auth;
