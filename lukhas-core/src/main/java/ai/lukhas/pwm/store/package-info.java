/**
 * SQL plumbing shared by every store: opening the embedded SQLite database (WAL mode, pooled),
 * running each component's Flyway migrations, and transactions. No domain logic lives here.
 */
package ai.lukhas.pwm.store;
