/**
 * The dashboard overview's pre-aggregated counters: governed requests, the gateway's own added latency,
 * errors, incidents, blocked tools and provider errors in per-minute windows on the injected clock, kept in
 * memory so the overview never scans the audit log or the incident store.
 */
package ai.lukhas.pwm.server.stats;
