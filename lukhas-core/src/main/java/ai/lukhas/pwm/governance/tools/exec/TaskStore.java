package ai.lukhas.pwm.governance.tools.exec;

import ai.lukhas.pwm.store.Database;
import ai.lukhas.pwm.store.TenantId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Durable storage of the tasks {@code schedule_task} creates, namespaced by tenant: a tenant lists only
 * its own tasks. The SQLite implementation (component {@code scheduler}) is the default; a PostgreSQL
 * one implements the same contract.
 *
 * <pre>{@code
 * TaskStore tasks = TaskStore.sqlite(db);
 * tasks.tasks(TenantId.of("acme"), Optional.of(ScheduledTask.Status.PENDING));
 * }</pre>
 */
public interface TaskStore {
    /** Stores {@code task} as a task of {@code tenant}. */
    void add(TenantId tenant, ScheduledTask task);

    /** {@code tenant}'s tasks with {@code status} (all of them when empty), soonest first, then by id. */
    List<ScheduledTask> tasks(TenantId tenant, Optional<ScheduledTask.Status> status);

    /** The store in {@code db}; applies the {@code scheduler} migrations first. */
    static TaskStore sqlite(Database db) {
        Objects.requireNonNull(db, "db");
        db.migrate("scheduler");
        return new SqliteTaskStore(db);
    }
}
