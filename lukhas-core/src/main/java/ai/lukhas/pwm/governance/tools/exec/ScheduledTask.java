package ai.lukhas.pwm.governance.tools.exec;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.check.WireName;
import java.time.Instant;
import java.util.Locale;

/**
 * A task the model scheduled with {@code schedule_task}.
 *
 * <pre>{@code scheduler.pending(tenant).getFirst().when()}</pre>
 *
 * @param id the task id ({@code task_<uuid>})
 * @param created when it was scheduled
 * @param when when it is due
 * @param note what to do
 * @param status pending until someone acts on it
 */
public record ScheduledTask(String id, Instant created, Instant when, String note, Status status) {
    public ScheduledTask {
        Checks.nonNull("id, created, when, note, status", id, created, when, note, status);
    }

    /** The task's state. */
    public enum Status implements WireName {
        PENDING,
        DONE,
        CANCELLED;

        static Status fromWire(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }
}
