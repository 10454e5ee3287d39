package ai.lukhas.pwm.server.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lukhas.pwm.audit.AuditRedactor;
import ai.lukhas.pwm.store.TenantId;
import ai.lukhas.pwm.testing.MutableClock;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Retention (by the injected clock) and redaction (the audit's) of stored responses, over the in-memory store. */
class RetainedResponsesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TenantId ACME = TenantId.of("acme");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final ResponseStore store = ResponseStore.inMemory(10_000);
    private final RetainedResponses responses =
            new RetainedResponses(store, Duration.ofDays(30), AuditRedactor.standard(), clock);

    private static ObjectNode response(String id, String text) {
        ObjectNode r =
                JSON.createObjectNode().put("id", id).put("object", "response").put("status", "completed");
        r.put("instructions", "Reply to jane.roe@example.com");
        r.putArray("output")
                .addObject()
                .put("id", "msg_" + id)
                .put("type", "message")
                .put("role", "assistant")
                .putArray("content")
                .addObject()
                .put("type", "output_text")
                .put("text", text);
        return r;
    }

    private static ArrayNode items(String text) {
        ArrayNode items = JSON.createArrayNode();
        items.addObject().put("type", "message").put("role", "user").put("content", text);
        items.addObject()
                .put("type", "function_call")
                .put("call_id", "call_1")
                .put("name", "lookup")
                .put("arguments", "{\"card\":\"4111 1111 1111 1111\"}");
        return items;
    }

    @Test
    void whatIsStoredIsRedactedLikeTheAuditButIdsStayUsable() {
        responses.keep(
                ACME,
                "resp_1",
                "s-1",
                response("resp_1", "Write to john.doe@example.com, key sk-proj-abcdefghijklmnopqrstuvwx"),
                items("my email is jane.roe@example.com"));
        StoredResponse r = responses.find(ACME, "resp_1").orElseThrow();
        String stored = r.response().toString() + r.items();
        assertThat(stored)
                .doesNotContain("john.doe@example.com", "jane.roe@example.com", "sk-proj-abcdef", "4111 1111")
                .contains("[REDACTED");
        assertThat(r.response().path("id").asText()).isEqualTo("resp_1");
        assertThat(r.response().at("/output/0/id").asText()).isEqualTo("msg_resp_1");
        assertThat(r.items().at("/1/call_id").asText()).isEqualTo("call_1");
        assertThat(r.items().at("/1/name").asText()).isEqualTo("lookup");
    }

    @Test
    void pastItsRetentionAResponseIsGoneAndPurged() {
        responses.keep(ACME, "resp_old", "s-1", response("resp_old", "a"), items("a"));
        clock.advance(Duration.ofDays(20));
        responses.keep(ACME, "resp_new", "s-1", response("resp_new", "b"), items("b"));
        clock.advance(Duration.ofDays(10).plusSeconds(1));
        // resp_old is 30 days and 1 s old: not found, not deletable, though not purged yet
        assertThat(responses.find(ACME, "resp_old")).isEmpty();
        assertThat(responses.delete(ACME, "resp_old")).isFalse();
        assertThat(store.find(ACME, "resp_old")).isPresent();
        assertThat(responses.find(ACME, "resp_new")).isPresent();
        // the next store purges a batch of expired ones
        responses.keep(ACME, "resp_3", "s-1", response("resp_3", "c"), items("c"));
        assertThat(store.find(ACME, "resp_old")).isEmpty();
        assertThat(store.find(ACME, "resp_new")).isPresent();
    }

    @Test
    void purgeExpiredWorksThroughEveryBatch() {
        for (int i = 0; i < RetainedResponses.PURGE_BATCH * 2 + 5; i++) {
            store.put(new StoredResponse(
                    ACME, "resp_" + i, clock.instant(), "s", response("resp_" + i, "x"), items("x")));
        }
        clock.advance(Duration.ofDays(31));
        assertThat(responses.purgeExpired()).isEqualTo(RetainedResponses.PURGE_BATCH * 2 + 5);
        assertThat(store.find(ACME, "resp_0")).isEmpty();
    }

    @Test
    void aRetentionMustBePositive() {
        assertThatThrownBy(() -> new RetainedResponses(store, Duration.ZERO, AuditRedactor.standard(), clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retention must be a positive duration");
    }
}
