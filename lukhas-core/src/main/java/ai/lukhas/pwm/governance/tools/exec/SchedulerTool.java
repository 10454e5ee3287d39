package ai.lukhas.pwm.governance.tools.exec;

import ai.lukhas.pwm.governance.tools.ToolContext;
import ai.lukhas.pwm.governance.tools.ToolExecutor;
import ai.lukhas.pwm.governance.tools.ToolOutcome;
import ai.lukhas.pwm.store.Database;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The executor of {@code schedule_task}: stores a pending task in SQLite (component {@code scheduler}).
 * {@code when} is ISO-8601 or {@code in N minutes|hours|days} relative to the injected clock; anything
 * else is an error message back to the model, naming what was expected and what was given.
 *
 * <pre>{@code
 * SchedulerTool scheduler = SchedulerTool.open(db, clock);
 * registry.executor(CanonicalTool.SCHEDULER, scheduler);
 * }</pre>
 */
public final class SchedulerTool implements ToolExecutor {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_NOTE_CHARS = 2_000;

    private final Database db;
    private final Clock clock;

    private SchedulerTool(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Migrates the {@code scheduler} component and returns the tool over it. */
    public static SchedulerTool open(Database db, Clock clock) {
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(clock, "clock");
        db.migrate("scheduler");
        return new SchedulerTool(db, clock);
    }

    @Override
    public ToolOutcome execute(JsonNode arguments, ToolContext context) throws Exception {
        String note = arguments.path("note").asText().strip();
        if (note.isEmpty()) {
            return new ToolOutcome.Error("note: expected a non-blank text, but was blank");
        }
        if (note.length() > MAX_NOTE_CHARS) {
            return new ToolOutcome.Error(
                    "note: expected at most " + MAX_NOTE_CHARS + " characters, but was " + note.length());
        }
        return switch (ScheduleTime.parse(arguments.path("when").asText(), clock)) {
            case ScheduleTime.Invalid invalid -> new ToolOutcome.Error(invalid.message());
            case ScheduleTime.At at -> {
                ScheduledTask task = insert(at.instant(), note);
                ObjectNode out = JSON.createObjectNode();
                out.put("id", task.id());
                out.put("when", task.when().toString());
                out.put("note", task.note());
                out.put("status", task.status().wireName());
                yield new ToolOutcome.Output(JSON.writeValueAsString(out));
            }
        };
    }

    private ScheduledTask insert(Instant when, String note) {
        ScheduledTask task = new ScheduledTask(
                "task_" + UUID.randomUUID(), clock.instant(), when, note, ScheduledTask.Status.PENDING);
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO scheduled_task (id, created_ms, due_ms, note, status) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, task.id());
                ps.setLong(2, task.created().toEpochMilli());
                ps.setLong(3, task.when().toEpochMilli());
                ps.setString(4, task.note());
                ps.setString(5, task.status().wireName());
                return ps.executeUpdate();
            }
        });
        return task;
    }

    /** Pending tasks, soonest first. */
    public List<ScheduledTask> pending() {
        return tasks(Optional.of(ScheduledTask.Status.PENDING));
    }

    /** Tasks with {@code status} (every task when empty), soonest first. */
    public List<ScheduledTask> tasks(Optional<ScheduledTask.Status> status) {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, created_ms, due_ms, note, status FROM scheduled_task WHERE (? IS NULL OR status = ?)"
                            + " ORDER BY due_ms, id")) {
                String wire = status.map(ScheduledTask.Status::wireName).orElse(null);
                ps.setString(1, wire);
                ps.setString(2, wire);
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
