/**
 * The tamper-evident audit trail: every governed request leaves one redacted bundle, appended to
 * hash-chained JSONL segments with group-committed fsync, readable by id and verifiable offline.
 */
package ai.lukhas.pwm.audit;
