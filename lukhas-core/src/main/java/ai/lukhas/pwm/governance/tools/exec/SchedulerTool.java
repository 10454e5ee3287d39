package ai.lukhas.pwm.governance.tools.exec;

import ai.lukhas.pwm.governance.tools.ToolContext;
import ai.lukhas.pwm.governance.tools.ToolExecutor;
import ai.lukhas.pwm.governance.tools.ToolOutcome;
import ai.lukhas.pwm.store.Database;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The executor of {@code schedule_task}: stores a pending task of the calling tenant ({@link
 * ToolContext#tenant()}) in a {@link TaskStore} (SQLite component {@code scheduler} by default).
 * {@code when} is ISO-8601 or {@code in N minutes|hours|days} relative to the injected clock; anything
 * else is an error message back to the model, naming what was expected and what was given.
 *
 * <pre>{@code
 * SchedulerTool scheduler = SchedulerTool.open(db, clock);
 * registry.executor(CanonicalTool.SCHEDULER, scheduler);
 * scheduler.pending(TenantId.of("acme"));
 * }</pre>
 */
public final class SchedulerTool implements ToolExecutor {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_NOTE_CHARS = 2_000;

    private final TaskStore store;
    private final Clock clock;

    private SchedulerTool(TaskStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The tool over {@link TaskStore#sqlite} in {@code db} (migrates the {@code scheduler} component). */
    public static SchedulerTool open(Database db, Clock clock) {
        return over(TaskStore.sqlite(db), clock);
    }

    /** The tool over {@code store}. */
    public static SchedulerTool over(TaskStore store, Clock clock) {
        return new SchedulerTool(Objects.requireNonNull(store, "store"), Objects.requireNonNull(clock, "clock"));
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
                ScheduledTask task = new ScheduledTask(
                        "task_" + UUID.randomUUID(), clock.instant(), at.instant(), note, ScheduledTask.Status.PENDING);
                store.add(context.tenant(), task);
                ObjectNode out = JSON.createObjectNode();
                out.put("id", task.id());
                out.put("when", task.when().toString());
                out.put("note", task.note());
                out.put("status", task.status().wireName());
                yield new ToolOutcome.Output(JSON.writeValueAsString(out));
            }
        };
    }

    /** {@code tenant}'s pending tasks, soonest first. */
    public List<ScheduledTask> pending(TenantId tenant) {
        return tasks(tenant, Optional.of(ScheduledTask.Status.PENDING));
    }

    /** {@code tenant}'s tasks with {@code status} (every task when empty), soonest first. */
    public List<ScheduledTask> tasks(TenantId tenant, Optional<ScheduledTask.Status> status) {
        return store.tasks(tenant, status);
    }
}
