package ai.lukhas.pwm.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The one byte form a bundle is hashed and stored in: keys sorted by UTF-16 code units (as RFC 8785),
 * no insignificant whitespace, UTF-8, floating numbers as Java's shortest round-trip form, non-finite
 * numbers and lone surrogates replaced so that parse-then-write gives back the same bytes. That
 * round trip is what lets {@link AuditVerifier} prove a line was not edited.
 */
final class CanonicalJson {
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            // Every append serialises a bundle, mostly from virtual threads that live for one
            // request: a per-thread buffer pool would allocate fresh buffers for nearly each of them.
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(64 * 1024 * 1024)
                    .build())
            .build());

    private CanonicalJson() {}

    static byte[] bytes(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            write(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static JsonNode parse(byte[] bytes, int off, int len) throws IOException {
        try (JsonParser p = MAPPER.getFactory().createParser(bytes, off, len)) {
            JsonNode node = MAPPER.readTree(p);
            if (p.nextToken() != null) {
                throw new IOException("trailing content after the JSON value");
            }
            if (node == null) {
                throw new IOException("empty line");
            }
            return node;
        }
    }

    static void write(JsonGenerator g, JsonNode node) throws IOException {
        write(g, node, Rewrite.NONE);
    }

    /**
     * How values are changed on their way into the canonical form: {@link #NONE} for the plain form,
     * an {@link AuditRedactor} to redact while writing, so the stored bytes need no redacted copy of
     * the tree first (that copy was a third of the allocation per bundle).
     */
    interface Rewrite {
        Rewrite NONE = new Rewrite() {
            @Override
            public String key(String key) {
                return key;
            }

            @Override
            public boolean redactsValueOf(String key, String storedKey) {
                return false;
            }

            @Override
            public String text(String text) {
                return text;
            }

            @Override
            public boolean masksIntegers() {
                return false;
            }
        };

        /** The key as stored. */
        String key(String key);

        /** Whether the value under {@code key} (stored as {@code storedKey}) becomes {@link AuditRedactor#REDACTED}. */
        boolean redactsValueOf(String key, String storedKey);

        /** A string value (or the digits of a long integer) as stored. */
        String text(String text);

        /** Whether integers of 12 or more digits go through {@link #text} (card and account numbers). */
        boolean masksIntegers();
    }

    private record Field(String stored, String key, JsonNode value) {}

    private static final java.util.Comparator<Field> BY_STORED_KEY = java.util.Comparator.comparing(Field::stored);

    static void write(JsonGenerator g, JsonNode node, Rewrite rw) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<Field> fields = new ArrayList<>(node.size());
                for (Iterator<Map.Entry<String, JsonNode>> it =
                                node.properties().iterator();
                        it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    fields.add(new Field(rw.key(f.getKey()), f.getKey(), f.getValue()));
                }
                fields.sort(BY_STORED_KEY); // stable: of keys that store alike, the last one wins below
                g.writeStartObject();
                for (int i = 0; i < fields.size(); i++) {
                    Field f = fields.get(i);
                    if (i + 1 < fields.size() && fields.get(i + 1).stored().equals(f.stored())) {
                        continue;
                    }
                    g.writeFieldName(wellFormed(f.stored()));
                    if (rw.redactsValueOf(f.key(), f.stored())) {
                        g.writeString(AuditRedactor.REDACTED);
                    } else {
                        write(g, f.value(), rw);
                    }
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode e : node) {
                    write(g, e, rw);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(wellFormed(rw.text(node.textValue())));
            case NUMBER -> {
                if (node.isIntegralNumber()) {
                    String digits = rw.masksIntegers() && mayHoldAccountNumber(node) ? node.asText() : "";
                    String masked = digits.length() >= 12 ? rw.text(digits) : digits;
                    if (!masked.equals(digits)) {
                        g.writeString(wellFormed(masked));
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
            case BINARY, POJO -> g.writeString(wellFormed(rw.text(node.asText())));
        }
    }

    /**
     * Whether an integer is written with 12 or more characters (the shortest that masking looks at),
     * decided without rendering the usual small numbers (token counts, latencies) as text.
     */
    private static boolean mayHoldAccountNumber(JsonNode integral) {
        if (!integral.canConvertToLong()) {
            return true;
        }
        long v = integral.longValue();
        return v >= 100_000_000_000L || v <= -10_000_000_000L;
    }

    /** Replaces unpaired surrogates by U+FFFD: they cannot be encoded as UTF-8 and would not round-trip. */
    static String wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                return replaceLoneSurrogates(s);
            }
        }
        return s;
    }

    private static String replaceLoneSurrogates(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                b.append('\uFFFD');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
