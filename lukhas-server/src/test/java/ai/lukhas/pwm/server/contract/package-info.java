/** Checks the server against its OpenAPI document: routes both ways, and responses against their schemas. */
package ai.lukhas.pwm.server.contract;
