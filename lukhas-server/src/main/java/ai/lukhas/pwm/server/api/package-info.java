/** The management API under /v1 plus /readyz and /metrics: thin HTTP adapters over the gateway's components. */
package ai.lukhas.pwm.server.api;
