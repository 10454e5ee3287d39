package ai.lukhas.pwm.store;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.feedback.CardRating;
import ai.lukhas.pwm.feedback.FeedbackStore;
import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.governance.tools.exec.NotesKnowledgeSearch;
import ai.lukhas.pwm.governance.tools.exec.ScheduledTask;
import ai.lukhas.pwm.governance.tools.exec.TaskStore;
import ai.lukhas.pwm.memory.dna.DnaKeyring;
import ai.lukhas.pwm.memory.dna.HelixMemory;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows stored before tenancy (schema version 1 of each component) belong to the {@code default}
 * tenant after the tenancy migration, and no other tenant sees them.
 */
class TenantMigrationTest {
    private static final TenantId OTHER = TenantId.of("t1");

    @TempDir
    Path dir;

    private Database db;

    @BeforeEach
    void open() {
        db = Database.sqlite(dir.resolve("lukhas.db"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** Applies only version 1 of {@code component}, as a database from before tenancy has it. */
    private void migrateToVersion1(String component) {
        Flyway.configure(Database.class.getClassLoader())
                .dataSource(db.dataSource())
                .locations("classpath:ai/lukhas/pwm/" + component + "/db/sqlite")
                .table("lukhas_schema_" + component)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .target("1")
                .load()
                .migrate();
    }

    private void execute(String sql) {
        db.transaction(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate(sql);
            }
        });
    }

    @Test
    void dnaEntriesFromBeforeTenancyBelongToTheDefaultTenantAndStaySearchable() {
        migrateToVersion1("dna");
        execute("INSERT INTO dna_entry (key, version, value_json, strength, meta_json, checksum, recorded_at_us)"
                + " VALUES ('project.zephyr90', 1, '{\"text\":\"zephyr launch\"}', 0.8, '{}', 'c', 0)");
        execute("INSERT INTO dna_search (rowid, key, body) VALUES (1, 'project.zephyr90', 'project zephyr90 zephyr"
                + " launch')");

        HelixMemory helix = HelixMemory.sqlite(db, Clock.systemUTC(), Flags.fixed(Map.of()), DnaKeyring.none());

        assertThat(helix.read(TenantId.DEFAULT, "project.zephyr90")).isPresent();
        assertThat(helix.search(TenantId.DEFAULT, "zephyr", 5)).hasSize(1);
        assertThat(helix.read(OTHER, "project.zephyr90")).isEmpty();
        assertThat(helix.search(OTHER, "zephyr", 5)).isEmpty();
        // the rebuilt table keeps the identity (tenant, key, version) and its append-only triggers
        assertThat(helix.write(OTHER, "project.zephyr90", new com.fasterxml.jackson.databind.node.TextNode("x"), 1, 0.5)
                        .upserted())
                .isTrue();
        int triggers = db.transaction(c -> {
            try (Statement s = c.createStatement();
                    java.sql.ResultSet rs = s.executeQuery(
                            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'dna_entry'")) {
                rs.next();
                return rs.getInt(1);
            }
        });
        assertThat(triggers).isEqualTo(2);
    }

    @Test
    void feedbackCardsAndLutVersionsFromBeforeTenancyBelongToTheDefaultTenant() {
        migrateToVersion1("feedback");
        execute("INSERT INTO feedback_card (target_action_id, rating, user_id, tags, ts_ms)"
                + " VALUES ('a-1', 5, 'alice', '[]', 1000)");
        execute("INSERT INTO feedback_lut (scope, version, updated_ms, fingerprint) VALUES ('global', 7, 1, 'f')");

        FeedbackStore store = FeedbackStore.sqlite(db);

        assertThat(store.ratings(TenantId.DEFAULT, Optional.of("alice"), Instant.EPOCH, 10))
                .extracting(CardRating::rating)
                .containsExactly(5);
        assertThat(store.ratings(OTHER, Optional.empty(), Instant.EPOCH, 10)).isEmpty();
        assertThat(store.publish(TenantId.DEFAULT, "global", "f", Instant.EPOCH).version())
                .isEqualTo(7);
        assertThat(store.publish(OTHER, "global", "f", Instant.EPOCH).version()).isEqualTo(1);
    }

    @Test
    void notesAndTasksFromBeforeTenancyBelongToTheDefaultTenant() {
        migrateToVersion1("notes");
        migrateToVersion1("scheduler");
        execute("INSERT INTO note (rowid, title, body, created_ms) VALUES (4, 'Refunds', 'refunds in 14 days', 0)");
        execute("INSERT INTO scheduled_task (id, created_ms, due_ms, note, status)"
                + " VALUES ('task_1', 0, 10, 'call back', 'pending')");

        NotesKnowledgeSearch notes = NotesKnowledgeSearch.open(db, Clock.systemUTC());
        TaskStore tasks = TaskStore.sqlite(db);

        assertThat(notes.search(TenantId.DEFAULT, "refunds", 5)).singleElement().satisfies(h -> assertThat(h.id())
                .isEqualTo("4"));
        assertThat(notes.search(OTHER, "refunds", 5)).isEmpty();
        assertThat(tasks.tasks(TenantId.DEFAULT, Optional.empty()))
                .extracting(ScheduledTask::id)
                .containsExactly("task_1");
        assertThat(tasks.tasks(OTHER, Optional.empty())).isEmpty();
    }
}
