package ai.lukhas.pwm.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Arrays;
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
        JsonBytes out = new JsonBytes(512);
        try {
            new Writer(out, Rewrite.NONE).write(node);
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

    /**
     * An object key as stored (well-formed), whether its value is replaced by {@link AuditRedactor#REDACTED},
     * and the key as {@link JsonBytes} writes it ({@code "name":}), encoded once for every record that
     * repeats it. Compared by name and verdict.
     */
    record StoredKey(String name, boolean redactsValue, byte[] json) {
        StoredKey(String name, boolean redactsValue) {
            this(name, redactsValue, JsonBytes.encodedKey(name));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof StoredKey k && k.name.equals(name) && k.redactsValue == redactsValue;
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Boolean.hashCode(redactsValue);
        }

        @Override
        public String toString() {
            return "StoredKey[name=" + name + ", redactsValue=" + redactsValue + "]";
        }
    }

    /**
     * Where the canonical writer's tokens go: {@link JsonBytes} for stored bytes, a Jackson generator
     * ({@link #of(JsonGenerator)}) for in-memory copies. The writer decides order and content; an
     * output only spells tokens.
     */
    interface Out {
        void startObject() throws IOException;

        void endObject() throws IOException;

        void startArray() throws IOException;

        void endArray() throws IOException;

        void key(StoredKey key) throws IOException;

        void string(String s) throws IOException;

        void number(long v) throws IOException;

        void number(BigInteger v) throws IOException;

        void number(double v) throws IOException;

        void bool(boolean v) throws IOException;

        void nul() throws IOException;

        static Out of(JsonGenerator g) {
            return new Out() {
                @Override
                public void startObject() throws IOException {
                    g.writeStartObject();
                }

                @Override
                public void endObject() throws IOException {
                    g.writeEndObject();
                }

                @Override
                public void startArray() throws IOException {
                    g.writeStartArray();
                }

                @Override
                public void endArray() throws IOException {
                    g.writeEndArray();
                }

                @Override
                public void key(StoredKey key) throws IOException {
                    g.writeFieldName(key.name());
                }

                @Override
                public void string(String s) throws IOException {
                    g.writeString(s);
                }

                @Override
                public void number(long v) throws IOException {
                    g.writeNumber(v);
                }

                @Override
                public void number(BigInteger v) throws IOException {
                    g.writeNumber(v);
                }

                @Override
                public void number(double v) throws IOException {
                    g.writeNumber(v);
                }

                @Override
                public void bool(boolean v) throws IOException {
                    g.writeBoolean(v);
                }

                @Override
                public void nul() throws IOException {
                    g.writeNull();
                }
            };
        }
    }

    static void write(JsonGenerator g, JsonNode node, Rewrite rw) throws IOException {
        new Writer(g, rw).write(node);
    }

    /**
     * Writes values in canonical form through one output ({@link Out}). One per record (or value): it keeps the
     * fields of the objects being written in arrays used as a stack across nesting levels, so sorting
     * an object's fields allocates nothing, and remembers the last stored key per slot, so the key
     * names and texts a bundle repeats (the nine parameters of a modulation trace share six keys) are
     * looked up in the redactor's caches once. A rewrite's answer for a key or text depends on it alone.
     */
    static final class Writer {
        private static final int MEMO_SLOTS = 64;

        private final Out g;
        private final Rewrite rw;
        private StoredKey[] keys = new StoredKey[32];
        private JsonNode[] values = new JsonNode[32];
        private int top;
        private final Memo<StoredKey> storedKeys;
        private final Memo<String> texts;

        Writer(JsonGenerator g, Rewrite rw) {
            this(Out.of(g), rw);
        }

        Writer(Out g, Rewrite rw) {
            this.g = g;
            this.rw = rw;
            this.storedKeys = new Memo<>(rw::key);
            this.texts = new Memo<>(rw::text);
        }

        /** A rewrite's answer per string, remembered for the same string object in its slot (last one wins). */
        private static final class Memo<V> implements java.util.function.Function<String, V> {
            private final java.util.function.Function<String, V> rewrite;
            private final String[] strings = new String[MEMO_SLOTS];
            private final Object[] answers = new Object[MEMO_SLOTS];

            Memo(java.util.function.Function<String, V> rewrite) {
                this.rewrite = rewrite;
            }

            @Override
            @SuppressWarnings("unchecked")
            public V apply(String s) {
                int slot = s.hashCode() & (MEMO_SLOTS - 1);
                if (strings[slot] == s) {
                    return (V) answers[slot];
                }
                V answer = rewrite.apply(s);
                strings[slot] = s;
                answers[slot] = answer;
                return answer;
            }
        }

        void write(JsonNode node) throws IOException {
            switch (node.getNodeType()) {
                case OBJECT -> writeObject(node);
                case ARRAY -> {
                    g.startArray();
                    for (int i = 0; i < node.size(); i++) {
                        write(node.get(i));
                    }
                    g.endArray();
                }
                case STRING -> g.string(texts.apply(node.textValue()));
                case NUMBER -> writeNumber(g, node, rw);
                case BOOLEAN -> g.bool(node.booleanValue());
                case NULL, MISSING -> g.nul();
                case BINARY, POJO -> g.string(rw.text(node.asText()));
            }
        }

        /**
         * Fields in order of their stored keys (UTF-16 code units). Objects are small, so a stable
         * insertion sort: of keys that store alike, the one written last in the object wins.
         */
        private void writeObject(JsonNode node) throws IOException {
            int base = top;
            int n = node.size();
            if (base + n > keys.length) {
                int size = Math.max(keys.length * 2, base + n);
                keys = Arrays.copyOf(keys, size);
                values = Arrays.copyOf(values, size);
            }
            int end = base;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                StoredKey k = storedKeys.apply(e.getKey());
                int at = end++;
                while (at > base && keys[at - 1].name().compareTo(k.name()) > 0) {
                    keys[at] = keys[at - 1];
                    values[at] = values[at - 1];
                    at--;
                }
                keys[at] = k;
                values[at] = e.getValue();
            }
            top = end;
            g.startObject();
            for (int i = base; i < end; i++) {
                StoredKey k = keys[i];
                if (i + 1 < end && keys[i + 1].name().equals(k.name())) {
                    continue;
                }
                g.key(k);
                if (k.redactsValue()) {
                    g.string(AuditRedactor.REDACTED);
                } else {
                    write(values[i]);
                }
            }
            g.endObject();
            Arrays.fill(values, base, end, null);
            top = base;
        }
    }

    /** A number as stored: long integers may hold an account number and go through the rewrite. */
    static void writeNumber(JsonGenerator g, JsonNode node, Rewrite rw) throws IOException {
        writeNumber(Out.of(g), node, rw);
    }

    static void writeNumber(Out g, JsonNode node, Rewrite rw) throws IOException {
        if (node.isIntegralNumber()) {
            String digits = rw.masksIntegers() && mayHoldAccountNumber(node) ? node.asText() : "";
            String masked = digits.length() >= 12 ? rw.text(digits) : digits;
            if (!masked.equals(digits)) {
                g.string(masked);
            } else if (node.canConvertToLong()) {
                g.number(node.longValue());
            } else {
                g.number(node.bigIntegerValue());
            }
        } else {
            double d = node.doubleValue();
            if (Double.isFinite(d)) {
                g.number(d);
            } else {
                g.string(Double.toString(d));
            }
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
