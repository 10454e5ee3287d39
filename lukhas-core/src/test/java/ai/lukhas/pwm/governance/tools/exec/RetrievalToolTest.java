package ai.lukhas.pwm.governance.tools.exec;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.governance.tools.ToolContext;
import ai.lukhas.pwm.store.Database;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** retrieve_knowledge over the SQLite FTS5 notes table. */
class RetrievalToolTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void returnsTheMostRelevantNotesUpToK() throws Exception {
        try (Database db = Database.sqlite(dir.resolve("lukhas.db"))) {
            NotesKnowledgeSearch notes = NotesKnowledgeSearch.open(db, Clock.systemUTC());
            notes.add(
                    TenantId.DEFAULT,
                    "Refunds",
                    "Refunds are paid within 14 days of the return. Refunds go to the card.");
            notes.add(TenantId.DEFAULT, "Shipping", "Parcels ship within 2 days.");
            notes.add(TenantId.DEFAULT, "Returns", "A return needs the receipt; the refund follows.");

            JsonNode hits = JSON.readTree(RetrievalTool.over(notes)
                    .execute(
                            JSON.createObjectNode().put("query", "refunds?").put("k", 2),
                            ToolContext.of(TenantId.DEFAULT))
                    .text());

            assertThat(hits).hasSize(2);
            assertThat(hits.get(0).get("title").asText()).isEqualTo("Refunds");
            assertThat(hits.get(0).get("score").asDouble())
                    .isGreaterThanOrEqualTo(hits.get(1).get("score").asDouble());
        }
    }

    @Test
    void usesTheModulatedRetrievalKWhenTheCallGivesNone() throws Exception {
        try (Database db = Database.sqlite(dir.resolve("lukhas.db"))) {
            NotesKnowledgeSearch notes = NotesKnowledgeSearch.open(db, Clock.systemUTC());
            for (int i = 0; i < 6; i++) {
                notes.add(TenantId.DEFAULT, "note " + i, "alpha beta " + i);
            }

            JsonNode hits = JSON.readTree(RetrievalTool.over(notes)
                    .execute(JSON.createObjectNode().put("query", "alpha"), new ToolContext(TenantId.DEFAULT, 3))
                    .text());

            assertThat(hits).hasSize(3);
        }
    }

    @Test
    void fts5OperatorsInTheQueryAreTreatedAsWords() throws Exception {
        try (Database db = Database.sqlite(dir.resolve("lukhas.db"))) {
            NotesKnowledgeSearch notes = NotesKnowledgeSearch.open(db, Clock.systemUTC());
            notes.add(TenantId.DEFAULT, "ops", "NEAR and NOT are words too");

            assertThat(notes.search(TenantId.DEFAULT, "\"NEAR(\" * NOT ^ -", 5)).hasSize(1);
            assertThat(notes.search(TenantId.DEFAULT, "!!! ???", 5)).isEmpty();
        }
    }

    @Test
    void tenantCannotReadAnotherTenantsNotesThroughRetrieval() throws Exception {
        try (Database db = Database.sqlite(dir.resolve("lukhas.db"))) {
            NotesKnowledgeSearch notes = NotesKnowledgeSearch.open(db, Clock.systemUTC());
            TenantId t1 = TenantId.of("t1");
            TenantId t2 = TenantId.of("t2");
            notes.add(t2, "zephyr90", "project zephyr90 launches on the ninth");
            notes.add(t1, "zephyr90", "t1's own zephyr90 note");

            JsonNode hits = JSON.readTree(RetrievalTool.over(notes)
                    .execute(JSON.createObjectNode().put("query", "zephyr90 launches"), ToolContext.of(t1))
                    .text());

            assertThat(hits)
                    .singleElement()
                    .satisfies(h -> assertThat(h.get("text").asText()).isEqualTo("t1's own zephyr90 note"));
            assertThat(notes.search(TenantId.of("t3"), "zephyr90", 5)).isEmpty();
        }
    }

    @Property(tries = 200)
    void theMatchExpressionIsAlwaysQuotedWords(@ForAll String query) {
        String match = NotesKnowledgeSearch.matchExpression(query);

        assertThat(match).matches("(\"[\\p{L}\\p{N}]+\"( OR \"[\\p{L}\\p{N}]+\")*)?");
    }
}
