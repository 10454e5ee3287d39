package ai.lukhas.pwm.governance.tools.exec;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.governance.tools.ToolContext;
import ai.lukhas.pwm.governance.tools.ToolOutcome;
import ai.lukhas.pwm.store.Database;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** schedule_task persists pending tasks in SQLite and answers bad input with a message for the model. */
class SchedulerToolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static JsonNode args(String when, String note) {
        return JSON.createObjectNode().put("when", when).put("note", note);
    }

    @Test
    void aTaskIsStoredPendingAndSurvivesReopening() throws Exception {
        Path file = dir.resolve("lukhas.db");
        try (Database db = Database.sqlite(file)) {
            ToolOutcome outcome = SchedulerTool.open(db, CLOCK)
                    .execute(args("in 2 hours", "call the customer"), ToolContext.of(TenantId.DEFAULT));

            assertThat(outcome).isInstanceOf(ToolOutcome.Output.class);
            JsonNode out = JSON.readTree(outcome.text());
            assertThat(out.get("when").asText()).isEqualTo("2026-11-22T12:00:00Z");
            assertThat(out.get("status").asText()).isEqualTo("pending");
            assertThat(out.get("id").asText()).startsWith("task_");
        }
        try (Database db = Database.sqlite(file)) {
            assertThat(SchedulerTool.open(db, CLOCK).pending(TenantId.DEFAULT))
                    .singleElement()
                    .satisfies(t -> {
                        assertThat(t.note()).isEqualTo("call the customer");
                        assertThat(t.when()).isEqualTo(Instant.parse("2026-11-22T12:00:00Z"));
                        assertThat(t.created()).isEqualTo(CLOCK.instant());
                        assertThat(t.status()).isEqualTo(ScheduledTask.Status.PENDING);
                    });
        }
    }

    @Test
    void anUnparseableWhenIsAnErrorForTheModelAndStoresNothing() throws Exception {
        try (Database db = Database.sqlite(dir.resolve("lukhas.db"))) {
            SchedulerTool scheduler = SchedulerTool.open(db, CLOCK);

            ToolOutcome outcome = scheduler.execute(args("next tuesday-ish", "x"), ToolContext.of(TenantId.DEFAULT));

            assertThat(outcome).isInstanceOf(ToolOutcome.Error.class);
            assertThat(outcome.text()).startsWith("when: expected").contains("but was 'next tuesday-ish'");
            assertThat(scheduler.pending(TenantId.DEFAULT)).isEmpty();
        }
    }

    @Test
    void aBlankOrOverlongNoteIsAnError() throws Exception {
        try (Database db = Database.sqlite(dir.resolve("lukhas.db"))) {
            SchedulerTool scheduler = SchedulerTool.open(db, CLOCK);

            assertThat(scheduler
                            .execute(args("in 1 day", "   "), ToolContext.of(TenantId.DEFAULT))
                            .text())
                    .isEqualTo("note: expected a non-blank text, but was blank");
            assertThat(scheduler
                            .execute(args("in 1 day", "n".repeat(2_001)), ToolContext.of(TenantId.DEFAULT))
                            .text())
                    .isEqualTo("note: expected at most 2000 characters, but was 2001");
            assertThat(scheduler.pending(TenantId.DEFAULT)).isEmpty();
        }
    }

    @Test
    void tasksScheduledByOneTenantAreNotListedForAnother() throws Exception {
        try (Database db = Database.sqlite(dir.resolve("lukhas.db"))) {
            SchedulerTool scheduler = SchedulerTool.open(db, CLOCK);
            scheduler.execute(args("in 1 day", "t2's secret plan"), ToolContext.of(TenantId.of("t2")));

            assertThat(scheduler.pending(TenantId.of("t1"))).isEmpty();
            assertThat(scheduler.tasks(TenantId.DEFAULT, Optional.empty())).isEmpty();
            assertThat(scheduler.pending(TenantId.of("t2")))
                    .extracting(ScheduledTask::note)
                    .containsExactly("t2's secret plan");
        }
    }

    @Test
    void pendingTasksComeSoonestFirst() throws Exception {
        try (Database db = Database.sqlite(dir.resolve("lukhas.db"))) {
            SchedulerTool scheduler = SchedulerTool.open(db, CLOCK);
            scheduler.execute(args("in 3 days", "later"), ToolContext.of(TenantId.DEFAULT));
            scheduler.execute(args("in 10 minutes", "soon"), ToolContext.of(TenantId.DEFAULT));

            assertThat(scheduler.pending(TenantId.DEFAULT))
                    .extracting(ScheduledTask::note)
                    .containsExactly("soon", "later");
        }
    }
}
