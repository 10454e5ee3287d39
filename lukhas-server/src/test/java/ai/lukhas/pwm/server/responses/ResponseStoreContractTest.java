package ai.lukhas.pwm.server.responses;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The {@link ResponseStore} contract, run against every implementation (a PostgreSQL one would extend it too). */
abstract class ResponseStoreContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TenantId ACME = TenantId.of("acme");
    private static final TenantId BETA = TenantId.of("beta");

    abstract ResponseStore store();

    static StoredResponse response(TenantId tenant, String id, String text) {
        ObjectNode r = JSON.createObjectNode().put("id", id).put("object", "response");
        r.putArray("output").addObject().put("type", "message").put("text", text);
        ArrayNode items = JSON.createArrayNode();
        items.addObject().put("role", "user").put("content", "hello");
        return new StoredResponse(tenant, id, Instant.parse("2026-03-01T12:00:00Z"), "s-1", r, items);
    }

    @Test
    void findsWhatWasPutUnderItsTenant() {
        StoredResponse r = response(ACME, "resp_1", "hi");
        store().put(r);
        StoredResponse found = store().find(ACME, "resp_1").orElseThrow();
        assertThat(found).isEqualTo(r);
        assertThat(found.response().at("/output/0/text").asText()).isEqualTo("hi");
        assertThat(found.items().at("/0/content").asText()).isEqualTo("hello");
        assertThat(found.sessionId()).isEqualTo("s-1");
    }

    @Test
    void anotherTenantNeverFindsIt() {
        store().put(response(ACME, "resp_1", "hi"));
        assertThat(store().find(BETA, "resp_1")).isEmpty();
        assertThat(store().find(ACME, "resp_2")).isEmpty();
    }

    @Test
    void twoTenantsMayHoldTheSameIdApart() {
        store().put(response(ACME, "resp_1", "acme's"));
        store().put(response(BETA, "resp_1", "beta's"));
        assertThat(store().find(ACME, "resp_1")
                        .orElseThrow()
                        .response()
                        .at("/output/0/text")
                        .asText())
                .isEqualTo("acme's");
        assertThat(store().find(BETA, "resp_1")
                        .orElseThrow()
                        .response()
                        .at("/output/0/text")
                        .asText())
                .isEqualTo("beta's");
    }

    @Test
    void aStoredValueCannotBeChangedThroughWhatWasReturned() {
        store().put(response(ACME, "resp_1", "hi"));
        store().find(ACME, "resp_1").orElseThrow().response().put("id", "changed");
        assertThat(store().find(ACME, "resp_1")
                        .orElseThrow()
                        .response()
                        .path("id")
                        .asText())
                .isEqualTo("resp_1");
    }

    @Test
    void deleteRemovesOnlyTheTenantsOwnResponse() {
        store().put(response(ACME, "resp_1", "acme's"));
        store().put(response(BETA, "resp_1", "beta's"));
        assertThat(store().delete(BETA, "resp_2")).isFalse();
        assertThat(store().delete(ACME, "resp_1")).isTrue();
        assertThat(store().find(ACME, "resp_1")).isEmpty();
        assertThat(store().find(BETA, "resp_1")).isPresent();
        assertThat(store().delete(ACME, "resp_1")).isFalse();
    }

    @Test
    void purgeDeletesTheOldestBeforeTheCutoffInBatches() {
        Instant t0 = Instant.parse("2026-03-01T12:00:00Z");
        for (int i = 0; i < 5; i++) {
            StoredResponse r = response(i % 2 == 0 ? ACME : BETA, "resp_" + i, "x");
            store().put(new StoredResponse(
                    r.tenant(), r.id(), t0.plusSeconds(i), r.sessionId(), r.response(), r.items()));
        }
        Instant cutoff = t0.plusSeconds(3);
        assertThat(store().purgeCreatedBefore(cutoff, 2)).isEqualTo(2);
        assertThat(store().find(ACME, "resp_0")).isEmpty();
        assertThat(store().find(BETA, "resp_1")).isEmpty();
        assertThat(store().find(ACME, "resp_2")).isPresent();
        assertThat(store().purgeCreatedBefore(cutoff, 2)).isEqualTo(1);
        assertThat(store().purgeCreatedBefore(cutoff, 2)).isZero();
        assertThat(store().find(BETA, "resp_3")).isPresent();
        assertThat(store().find(ACME, "resp_4")).isPresent();
    }
}
