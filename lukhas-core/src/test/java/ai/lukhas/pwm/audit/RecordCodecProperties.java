package ai.lukhas.pwm.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link RecordCodec} writes a stored line straight from the bundle record (top-level keys in a fixed
 * order, the chain fields spliced in by the writer). Whatever the bundle holds, that line must be
 * byte for byte the canonical form of the redacted record, which is what the verifier recomputes.
 */
class RecordCodecProperties {
    private static final AuditRedactor REDACTOR = Fixtures.redactor();

    @Provide
    Arbitrary<JsonNode> trees() {
        return new RedactionProperties().trees();
    }

    /** Short text with personal data, keys, digits and lone or paired surrogates. */
    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings()
                        .withChars("ab@x.io 0123456789-\uD83D\uDE00\uD800\uDFFF")
                        .ofMaxLength(24),
                Arbitraries.of("bob@example.com", "sk-abcdefghijklmnopqrstuvwxyz", "4111 1111 1111 1111", ""));
    }

    @Property(tries = 300)
    void storedLineIsTheCanonicalFormOfTheRedactedRecord(
            @ForAll("texts") String tenant,
            @ForAll("texts") String session,
            @ForAll("texts") String user,
            @ForAll("texts") String provider,
            @ForAll("texts") String model,
            @ForAll("texts") String outcomeWord,
            @ForAll("trees") JsonNode request,
            @ForAll("trees") JsonNode signals,
            @ForAll("trees") JsonNode toolCalls,
            @ForAll("trees") JsonNode usage,
            @ForAll long latency,
            @ForAll long seq)
            throws IOException {
        String outcome = outcomeWord.isBlank() ? "ok" : outcomeWord;
        AuditBundle b = AuditBundle.builder(
                        "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b", Instant.ofEpochSecond(1_790_000_000, 123_456_000))
                .tenant(tenant)
                .session(session)
                .user(user)
                .provider(provider)
                .model(model)
                .request(request)
                .signals(signals)
                .toolCalls(toolCalls)
                .usage(usage)
                .latencyMs(Math.abs(latency % 100_000))
                .outcome(outcome)
                .build();
        long s = Math.abs(seq % 1_000_000_000L) + 1;
        String prev = "ab".repeat(32);

        RecordCodec.Prepared p = RecordCodec.prepare(b, REDACTOR);
        ByteBuffer out = ByteBuffer.allocate(RecordCodec.encodedLength(p, s));
        String hash = RecordCodec.encodeInto(p, s, prev, new ChainHash(), out);
        assertThat(out.hasRemaining()).isFalse();
        byte[] line = Arrays.copyOf(out.array(), out.capacity() - 1);
        assertThat(out.get(out.capacity() - 1)).isEqualTo((byte) '\n');

        ObjectNode expected = JsonNodeFactory.instance.objectNode();
        expected.put("audit_id", b.auditId());
        expected.put("ts", b.ts().toString());
        expected.put("latency_ms", b.latencyMs());
        expected.put("outcome", CanonicalJson.wellFormed(outcome));
        expected.set("tenant", REDACTOR.redact(TextNode.valueOf(tenant)));
        expected.set("session", REDACTOR.redact(TextNode.valueOf(session)));
        expected.set("user", REDACTOR.redact(TextNode.valueOf(user)));
        expected.set("provider", REDACTOR.redact(TextNode.valueOf(provider)));
        expected.set("model", REDACTOR.redact(TextNode.valueOf(model)));
        expected.set("request", REDACTOR.redact(request));
        expected.set("signals", REDACTOR.redact(signals));
        expected.set("tool_calls", REDACTOR.redact(toolCalls));
        expected.set("usage", REDACTOR.redact(usage));
        for (String absent : new String[] {"modulation", "tools_offered", "moderation", "incidents"}) {
            expected.putNull(absent);
        }
        expected.put("seq", s);
        expected.put("prev_hash", prev);
        expected.put("hash", hash);

        assertThat(new String(line, java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(new String(CanonicalJson.bytes(expected), java.nio.charset.StandardCharsets.UTF_8));
        // and it survives the verifier's parse-and-rewrite
        assertThat(CanonicalJson.bytes(CanonicalJson.parse(line, 0, line.length)))
                .isEqualTo(line);
        assertThat(p.session()).isEqualTo(expected.path("session").asText());
    }
}
