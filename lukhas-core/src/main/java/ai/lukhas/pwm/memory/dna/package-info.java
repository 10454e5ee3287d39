/**
 * DNA helix memory: an append-only, versioned key/value store with point-in-time reads, full-text
 * search and AES-256-GCM encryption of personal values; in-memory and SQLite implementations.
 */
package ai.lukhas.pwm.memory.dna;
