/**
 * SQL plumbing shared by every store: opening the embedded SQLite database (WAL mode, pooled, its
 * native library cached in the data directory), running each component's Flyway migrations (skipped when
 * the schema history already has every script), and transactions. No domain logic lives here.
 */
package ai.lukhas.pwm.store;
