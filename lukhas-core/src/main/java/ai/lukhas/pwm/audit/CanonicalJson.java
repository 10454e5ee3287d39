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
import java.util.Iterator;
import java.util.Map;

/**
 * The one byte form a bundle is hashed and stored in: keys sorted by UTF-16 code units (as RFC 8785),
 * no insignificant whitespace, UTF-8, floating numbers as Java's shortest round-trip form, non-finite
 * numbers and lone surrogates replaced so that parse-then-write gives back the same bytes. That
 * round trip is what lets {@link AuditVerifier} prove a line was not edited.
 *
 * <p>Deliberately not the memory's {@code ai.lukhas.pwm.memory.dna.SameValueJson}, which writes
 * {@code 1.0} as {@code 1} so that values equal in meaning compare equal: here a number keeps the
 * spelling class it was parsed with ({@code 1.0} stays {@code 1.0}), and changing that would change
 * the stored, hashed bytes of every audit line and break {@code lukhas audit verify} of existing logs.
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
     * the tree first (that copy was a third of the allocation per bundle). Whatever a rewrite returns
     * is stored as it is, so it must already be well-formed ({@link #wellFormed}).
     */
    interface Rewrite {
        Rewrite NONE = new Rewrite() {
            @Override
            public StoredKey key(String key) {
                return new StoredKey(wellFormed(key), false);
            }

            @Override
            public String text(String text) {
                return wellFormed(text);
            }

            @Override
            public boolean masksIntegers() {
                return false;
            }
        };

        /** The key as stored, and whether the value under it becomes {@link AuditRedactor#REDACTED}. */
        StoredKey key(String key);

        /** A string value (or the digits of a long integer) as stored. */
        String text(String text);

        /** Whether integers of 12 or more digits go through {@link #text} (card and account numbers). */
        boolean masksIntegers();
    }

    /** An object key as stored (well-formed), and whether its value is replaced by {@link AuditRedactor#REDACTED}. */
    record StoredKey(String name, boolean redactsValue) {}

    private record Field(StoredKey key, JsonNode value) {}

    static void write(JsonGenerator g, JsonNode node, Rewrite rw) throws IOException {
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
    private static void writeObject(JsonGenerator g, JsonNode node, Rewrite rw) throws IOException {
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
