/**
 * The HTTP API, one route group per resource (chat, models, sessions, modulation, tools, audit,
 * incidents, feedback, flags, memory, scheduler, health): thin adapters over the core's components,
 * sharing authorization, query parsing, problem+json and auditing through {@code RouteSupport}.
 */
package ai.lukhas.pwm.server.api;
