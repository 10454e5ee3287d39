package ai.lukhas.pwm.governance.tools.exec;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.store.Database;
import ai.lukhas.pwm.store.TenantId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link TaskStore} in the embedded SQLite database (table {@code scheduled_task}), every query filtered by tenant. */
final class SqliteTaskStore implements TaskStore {
    private final Database db;

    SqliteTaskStore(Database db) {
        this.db = db;
    }

    @Override
    public void add(TenantId tenant, ScheduledTask task) {
        Checks.nonNull("tenant, task", tenant, task);
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO scheduled_task (id, tenant, created_ms, due_ms,"
                    + " note, status) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, task.id());
                ps.setString(2, tenant.value());
                ps.setLong(3, task.created().toEpochMilli());
                ps.setLong(4, task.when().toEpochMilli());
                ps.setString(5, task.note());
                ps.setString(6, task.status().wireName());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<ScheduledTask> tasks(TenantId tenant, Optional<ScheduledTask.Status> status) {
        Objects.requireNonNull(tenant, "tenant");
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, created_ms, due_ms, note, status FROM scheduled_task WHERE tenant = ?"
                            + " AND (? IS NULL OR status = ?) ORDER BY due_ms, id")) {
                String wire = status.map(ScheduledTask.Status::wireName).orElse(null);
                ps.setString(1, tenant.value());
                ps.setString(2, wire);
                ps.setString(3, wire);
                List<ScheduledTask> tasks = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tasks.add(new ScheduledTask(
                                rs.getString(1),
                                Instant.ofEpochMilli(rs.getLong(2)),
                                Instant.ofEpochMilli(rs.getLong(3)),
                                rs.getString(4),
                                ScheduledTask.Status.fromWire(rs.getString(5))));
                    }
                }
                return tasks;
            }
        });
    }
}
