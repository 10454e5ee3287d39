/** Serves the contract-first OpenAPI document (openapi.yaml) as /openapi.json and Swagger UI at /docs. */
package ai.lukhas.pwm.server.openapi;
