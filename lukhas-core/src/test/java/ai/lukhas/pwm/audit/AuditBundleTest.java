package ai.lukhas.pwm.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The builder copies the JSON parts unless the caller hands them over; the stored bytes are the same either way. */
class AuditBundleTest {
    private static ObjectNode request() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("input_chars", 42);
        n.putArray("stop").add("END");
        return n;
    }

    @Test
    void aBuiltBundleKeepsItsPartsWhenTheCallerChangesThemLater() {
        ObjectNode request = request();
        AuditBundle b =
                AuditBundle.builder("a-1", Instant.EPOCH).request(request).build();
        request.put("input_chars", 7);
        ((com.fasterxml.jackson.databind.node.ArrayNode) request.get("stop")).add("more");
        assertThat(b.request()).isEqualTo(request());
        assertThat(b.request()).isNotSameAs(request);
    }

    @Test
    void handedOverPartsAreHeldWithoutACopyAndStoreTheSameBytes() {
        ObjectNode request = request();
        AuditBundle handed = AuditBundle.builder("a-1", Instant.EPOCH)
                .request(request)
                .handOver()
                .build();
        AuditBundle copied =
                AuditBundle.builder("a-1", Instant.EPOCH).request(request()).build();
        assertThat(handed.request()).isSameAs(request);
        AuditRedactor redactor = AuditRedactor.standard();
        assertThat(RecordCodec.prepare(handed, redactor).bytes())
                .isEqualTo(RecordCodec.prepare(copied, redactor).bytes());
    }
}
