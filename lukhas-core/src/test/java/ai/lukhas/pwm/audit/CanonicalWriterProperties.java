package ai.lukhas.pwm.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link CanonicalJson.Writer} (fields sorted in shared arrays, stored keys and texts remembered per
 * record) writes exactly the bytes of the tree walk it replaced, kept here as the oracle: for random
 * trees (duplicate and surrogate keys, keys under key rules, personal data, long integers, non-finite
 * numbers), plain and redacted, one value per writer and several values through one writer as
 * {@link RecordCodec} writes a record.
 */
class CanonicalWriterProperties {
    private static final AuditRedactor REDACTOR = Fixtures.redactor();

    @Provide
    Arbitrary<JsonNode> trees() {
        return new RedactionProperties().trees();
    }

    @Property(tries = 1000)
    void theWriterWritesTheBytesOfTheTreeWalkItReplaced(@ForAll("trees") JsonNode tree) throws IOException {
        for (CanonicalJson.Rewrite rw : List.of(CanonicalJson.Rewrite.NONE, REDACTOR.rewrite())) {
            assertThat(utf8(g -> CanonicalJson.write(g, tree, rw))).isEqualTo(utf8(g -> Old.write(g, tree, rw)));
        }
    }

    @Property(tries = 300)
    void oneWriterForSeveralValuesWritesWhatSeparateWalksWrite(
            @ForAll("trees") JsonNode a, @ForAll("trees") JsonNode b, @ForAll("trees") JsonNode c) throws IOException {
        CanonicalJson.Rewrite rw = REDACTOR.rewrite();
        String shared = utf8(g -> {
            CanonicalJson.Writer w = new CanonicalJson.Writer(g, rw);
            g.writeStartArray();
            for (JsonNode n : List.of(a, b, c, a)) {
                w.write(n);
            }
            g.writeEndArray();
        });
        String walks = utf8(g -> {
            g.writeStartArray();
            for (JsonNode n : List.of(a, b, c, a)) {
                Old.write(g, n, rw);
            }
            g.writeEndArray();
        });
        assertThat(shared).isEqualTo(walks);
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String utf8(Body body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = CanonicalJson.MAPPER.getFactory().createGenerator(out)) {
            body.write(g);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The tree walk of CanonicalJson before the writer (main at 1eb757a), unchanged. */
    private static final class Old {
        private record Field(CanonicalJson.StoredKey key, JsonNode value) {}

        static void write(JsonGenerator g, JsonNode node, CanonicalJson.Rewrite rw) throws IOException {
            switch (node.getNodeType()) {
                case OBJECT -> writeObject(g, node, rw);
                case ARRAY -> {
                    g.writeStartArray();
                    for (int i = 0; i < node.size(); i++) {
                        write(g, node.get(i), rw);
                    }
                    g.writeEndArray();
                }
                case STRING -> g.writeString(rw.text(node.textValue()));
                case NUMBER -> {
                    if (node.isIntegralNumber()) {
                        String digits = rw.masksIntegers() && mayHoldAccountNumber(node) ? node.asText() : "";
                        String masked = digits.length() >= 12 ? rw.text(digits) : digits;
                        if (!masked.equals(digits)) {
                            g.writeString(masked);
                        } else if (node.canConvertToLong()) {
                            g.writeNumber(node.longValue());
                        } else {
                            g.writeNumber(node.bigIntegerValue());
                        }
                    } else {
                        double d = node.doubleValue();
                        if (Double.isFinite(d)) {
                            g.writeNumber(d);
                        } else {
                            g.writeString(Double.toString(d));
                        }
                    }
                }
                case BOOLEAN -> g.writeBoolean(node.booleanValue());
                case NULL, MISSING -> g.writeNull();
                case BINARY, POJO -> g.writeString(rw.text(node.asText()));
            }
        }

        /**
         * Fields in order of their stored keys (UTF-16 code units). Objects are small, so a stable
         * insertion sort over an array: of keys that store alike, the one written last in the object wins.
         */
        private static void writeObject(JsonGenerator g, JsonNode node, CanonicalJson.Rewrite rw) throws IOException {
            Field[] fields = new Field[node.size()];
            int n = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Field f = new Field(rw.key(e.getKey()), e.getValue());
                int at = n++;
                while (at > 0 && fields[at - 1].key().name().compareTo(f.key().name()) > 0) {
                    fields[at] = fields[at - 1];
                    at--;
                }
                fields[at] = f;
            }
            g.writeStartObject();
            for (int i = 0; i < n; i++) {
                Field f = fields[i];
                if (i + 1 < n && fields[i + 1].key().name().equals(f.key().name())) {
                    continue;
                }
                g.writeFieldName(f.key().name());
                if (f.key().redactsValue()) {
                    g.writeString(AuditRedactor.REDACTED);
                } else {
                    write(g, f.value(), rw);
                }
            }
            g.writeEndObject();
        }

        private static boolean mayHoldAccountNumber(JsonNode integral) {
            if (!integral.canConvertToLong()) {
                return true;
            }
            long v = integral.longValue();
            return v >= 100_000_000_000L || v <= -10_000_000_000L;
        }
    }
}
