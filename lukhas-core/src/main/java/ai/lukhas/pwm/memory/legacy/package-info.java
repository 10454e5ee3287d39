/**
 * Moving off the original system's JSONL memory store: dual writes, shadow reads that count drift,
 * read cutover by flag, and a resumable, idempotent backfill into the DNA helix.
 */
package ai.lukhas.pwm.memory.legacy;
