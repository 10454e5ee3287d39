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

            @Override
            public Shapes shapes() {
                return Shapes.NEVER;
            }
        };

        /** The key as stored, and whether the value under it becomes {@link AuditRedactor#REDACTED}. */
        StoredKey key(String key);

        /** A string value (or the digits of a long integer) as stored. */
        String text(String text);

        /** Whether integers of 12 or more digits go through {@link #text} (card and account numbers). */
        boolean masksIntegers();

        /** The field orders of objects written through this rewrite, remembered across records. */
        Shapes shapes();
    }

    /**
     * An object's field order as the writer found it: the object's keys in the order given (compared
     * by identity), the stored keys in written order (sorted, of keys that store alike only the last),
     * and where each written field is among the object's fields. For {@link JsonBytes} the written keys
     * are also kept as one array of their encoded bytes ({@code "a":"b":}), with {@code fields} holding,
     * per written field, where it is among the object's fields (shifted left by one, the low bit set
     * when its value is redacted) and where its key's bytes end in {@code json}: writing an object's
     * keys reads two arrays instead of a key object and its bytes per field. Immutable once built.
     */
    record Shape(int hash, String[] keys, StoredKey[] written, byte[] json, int[] fields, Values values) {
        static Shape of(int hash, String[] keys, StoredKey[] written, int[] from) {
            int size = 0;
            for (StoredKey k : written) {
                size += k.json().length;
            }
            byte[] json = new byte[size];
            int[] fields = new int[written.length * 2];
            int at = 0;
            for (int i = 0; i < written.length; i++) {
                byte[] k = written[i].json();
                System.arraycopy(k, 0, json, at, k.length);
                at += k.length;
                fields[2 * i] = from[i] << 1 | (written[i].redactsValue() ? 1 : 0);
                fields[2 * i + 1] = at;
            }
            return new Shape(hash, keys, written, json, fields, null);
        }

        /** Whether any written field's value is replaced by {@link AuditRedactor#REDACTED}. */
        boolean redacts() {
            for (int i = 0; i < fields.length; i += 2) {
                if ((fields[i] & 1) != 0) {
                    return true;
                }
            }
            return false;
        }

        Shape with(Values v) {
            return new Shape(hash, keys, written, json, fields, v);
        }
    }

    /**
     * The values of the first object written in a remembered {@link Shape} through {@link JsonBytes}, when
     * every one is a leaf ({@link #kind}), with the bytes written for that object. An object of the same
     * shape whose values are the same leaves (booleans, null, empty arrays and objects, integers that fit
     * a long and floating numbers compared by value, texts by content) is written as those bytes: what
     * the writer writes for an object depends only on its shape (its key strings, in order, through one
     * rewrite) and, for each field, on the value's kind and value (a text's stored form is the rewrite's,
     * a function of the text alone). Only texts the rewrite left unchanged are kept, and no integer it
     * writes masked (no personal data is remembered, as in the redactor's clean-string memory), and never for a shape with a redacted key
     * (whose value is not written, and may be a secret). {@link #NOT_LEAVES}: the first object was not
     * all such leaves; the shape is not tried again. Immutable.
     */
    record Values(byte[] kinds, long[] bits, String[] texts, byte[] json) {
        static final Values NOT_LEAVES = new Values(new byte[0], new long[0], new String[0], new byte[0]);

        static final byte FALSE = 1;
        static final byte TRUE = 2;
        static final byte NULL = 3;
        static final byte EMPTY_ARRAY = 4;
        static final byte EMPTY_OBJECT = 5;
        static final byte LONG = 6;
        static final byte DOUBLE = 7;
        static final byte TEXT = 8;

        /** Longest object kept as bytes. */
        static final int MAX_BYTES = 512;

        /** The leaf kind of a value as the writer writes it, or 0 when it is none of them. */
        static byte kind(JsonNode v) {
            return switch (v.getNodeType()) {
                case BOOLEAN -> v.booleanValue() ? TRUE : FALSE;
                case NULL -> NULL;
                case ARRAY -> v.size() == 0 ? EMPTY_ARRAY : 0;
                case OBJECT -> v.size() == 0 ? EMPTY_OBJECT : 0;
                case NUMBER -> v.isIntegralNumber() ? (v.canConvertToLong() ? LONG : 0) : DOUBLE;
                case STRING -> TEXT;
                default -> 0;
            };
        }

        /** What {@link #kind} alone does not decide: an integer's value, a floating number's bits. */
        static long bits(byte kind, JsonNode v) {
            return kind == LONG ? v.longValue() : kind == DOUBLE ? Double.doubleToRawLongBits(v.doubleValue()) : 0;
        }

        /** Whether {@code values[base, base + n)} are the leaves remembered here. */
        boolean same(JsonNode[] values, int base, int n) {
            byte[] k = kinds;
            if (k.length != n) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                JsonNode v = values[base + i];
                byte kind = kind(v);
                if (kind != k[i]) {
                    return false;
                }
                if (kind == TEXT) {
                    String t = v.textValue();
                    String r = texts[i];
                    if (t != r && !t.equals(r)) {
                        return false;
                    }
                } else if ((kind == LONG || kind == DOUBLE) && bits(kind, v) != bits[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The shapes of the objects written through one {@link Rewrite}, so that an object with the same key
     * strings in the same order as one written before (the pipeline's parts build their objects from
     * literals: a modulation trace's nine parameters have the same six keys, and every request the same
     * as the last) is written in the remembered order without rewriting and sorting its keys again.
     * The order depends on the key strings and the rewrite alone, so a remembered shape gives the order
     * the sort would. A fixed table, two-way set-associative by the keys' hash, shared by threads
     * without locks: a slot holds an immutable shape,
     * read or replaced whole, so a race can only lose one. Shapes with a key the rewrite changed (a
     * masked or repaired key) or longer than {@link #MAX_KEY_LENGTH} are not kept.
     */
    static final class Shapes {
        /** Slots, two per set, side by side (the newer first). */
        private static final int SLOTS = 1024;

        /** Most fields of an object whose shape is kept. */
        static final int MAX_FIELDS = 32;

        static final int MAX_KEY_LENGTH = 64;

        /**
         * Remembers nothing: {@link Rewrite#NONE}'s, a constant of the process (the log's own records and the
         * plain canonical form, off the request path), so it holds no state.
         */
        static final Shapes NEVER = new Shapes(0);

        private final Shape[] slots;

        Shapes() {
            this(SLOTS);
        }

        private Shapes(int slots) {
            this.slots = new Shape[slots];
        }

        private static int set(int hash) {
            return ((hash ^ (hash >>> 16)) << 1) & (SLOTS - 2);
        }

        /** The shape kept for these keys (by identity, in this order), or null. */
        Shape find(int hash, String[] names, int from, int n) {
            if (slots.length == 0) {
                return null;
            }
            int set = set(hash);
            Shape s = slots[set];
            if (s != null && s.hash() == hash && sameKeys(s, names, from, n)) {
                return s;
            }
            s = slots[set + 1];
            if (s != null && s.hash() == hash && sameKeys(s, names, from, n)) {
                return s;
            }
            return null;
        }

        private static boolean sameKeys(Shape s, String[] names, int from, int n) {
            String[] keys = s.keys();
            if (keys.length != n) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (keys[i] != names[from + i]) {
                    return false;
                }
            }
            return true;
        }

        /** The shapes kept now (for tests). */
        java.util.List<Shape> kept() {
            return java.util.Arrays.stream(slots)
                    .filter(java.util.Objects::nonNull)
                    .toList();
        }

        /** Puts {@code now} where {@code old} is kept (nothing when it is no longer kept). */
        void replace(Shape old, Shape now) {
            int set = set(old.hash());
            if (slots[set] == old) {
                slots[set] = now;
            } else if (slots[set + 1] == old) {
                slots[set + 1] = now;
            }
        }

        void keep(Shape s) {
            if (slots.length == 0) {
                return;
            }
            int set = set(s.hash());
            slots[set + 1] = slots[set];
            slots[set] = s;
        }
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
     * keys and values of the objects being written in arrays used as a stack across nesting levels, writes
     * an object in the order of the shape its rewrite remembers for its keys ({@link Shapes}; sorted the
     * first time), and asks the rewrite for every text (the redactor's clean-string memory answers a
     * repeated text with one array slot, as cheaply as the per-record memo this writer had before, which
     * cost two arrays per record). A rewrite's answer for a key or text depends on it alone.
     */
    static final class Writer {
        private final Out g;
        /** {@link #g} when it is the byte output, which takes a shape's keys as one array. */
        private final JsonBytes bytes;

        private final Rewrite rw;
        private final Shapes shapes;
        private String[] names = new String[32];
        private JsonNode[] values = new JsonNode[32];
        private int top;

        Writer(JsonGenerator g, Rewrite rw) {
            this(Out.of(g), rw);
        }

        Writer(Out g, Rewrite rw) {
            this.g = g;
            this.bytes = g instanceof JsonBytes b ? b : null;
            this.rw = rw;
            this.shapes = rw.shapes();
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
                case STRING -> g.string(rw.text(node.textValue()));
                case NUMBER -> writeNumber(g, node, rw);
                case BOOLEAN -> g.bool(node.booleanValue());
                case NULL, MISSING -> g.nul();
                case BINARY, POJO -> g.string(rw.text(node.asText()));
            }
        }

        /**
         * Fields in order of their stored keys (UTF-16 code units): in the order of the shape remembered
         * for the object's keys, or sorted (and the shape remembered).
         */
        private void writeObject(JsonNode node) throws IOException {
            int base = top;
            int n = node.size();
            if (base + n > names.length) {
                int size = Math.max(names.length * 2, base + n);
                names = Arrays.copyOf(names, size);
                values = Arrays.copyOf(values, size);
            }
            int end = base;
            int hash = n;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey();
                hash = hash * 31 + name.hashCode();
                names[end] = name;
                values[end++] = e.getValue();
            }
            top = end;
            Shape shape = shapes.find(hash, names, base, n);
            boolean remembered = shape != null;
            if (!remembered) {
                shape = sort(base, n, hash);
            }
            JsonBytes b = bytes;
            Values memo = shape.values();
            if (b != null
                    && memo != null
                    && memo != Values.NOT_LEAVES
                    && b.depth() + 2 <= JsonBytes.MAX_DEPTH
                    && memo.same(values, base, n)) {
                b.rawValue(memo.json());
                top = base;
                return;
            }
            g.startObject();
            int start = b != null ? b.size() - 1 : 0; // where its '{' is
            if (b != null) {
                byte[] json = shape.json();
                int[] fields = shape.fields();
                int at = 0;
                for (int i = 0; i < fields.length; i += 2) {
                    int field = fields[i];
                    int keyEnd = fields[i + 1];
                    b.rawKey(json, at, keyEnd - at);
                    at = keyEnd;
                    if ((field & 1) != 0) {
                        b.string(AuditRedactor.REDACTED);
                    } else {
                        write(values[base + (field >>> 1)]);
                    }
                }
            } else {
                int[] fields = shape.fields();
                StoredKey[] written = shape.written();
                for (int i = 0; i < written.length; i++) {
                    StoredKey k = written[i];
                    g.key(k);
                    if (k.redactsValue()) {
                        g.string(AuditRedactor.REDACTED);
                    } else {
                        write(values[base + (fields[2 * i] >>> 1)]);
                    }
                }
            }
            g.endObject();
            if (b != null && remembered && memo == null) {
                shapes.replace(shape, shape.with(leaves(shape, base, n, b, start)));
            }
            // The slots above base are not cleared: a writer lives for one record (or value), and the
            // next object overwrites them.
            top = base;
        }

        /**
         * The values of the object just written at {@code b[start, size)} with a remembered shape, as
         * {@link Values} to write the next object of that shape with equal leaves from, or
         * {@link Values#NOT_LEAVES}.
         */
        private Values leaves(Shape shape, int base, int n, JsonBytes b, int start) {
            int size = b.size() - start;
            if (size > Values.MAX_BYTES || shape.redacts()) {
                return Values.NOT_LEAVES;
            }
            byte[] kinds = new byte[n];
            long[] bits = new long[n];
            String[] texts = new String[n];
            for (int i = 0; i < n; i++) {
                JsonNode v = values[base + i];
                byte kind = Values.kind(v);
                if (kind == 0) {
                    return Values.NOT_LEAVES;
                }
                if (kind == Values.TEXT) {
                    String t = v.textValue();
                    if (!rw.text(t).equals(t)) {
                        return Values.NOT_LEAVES; // a text the rewrite changes is not remembered
                    }
                    texts[i] = t;
                } else if (kind == Values.LONG && masked(v)) {
                    return Values.NOT_LEAVES; // nor an integer it writes masked (an account number)
                }
                kinds[i] = kind;
                bits[i] = Values.bits(kind, v);
            }
            return new Values(kinds, bits, texts, Arrays.copyOfRange(b.array(), start, b.size()));
        }

        /** Whether {@link #writeNumber} writes the integer {@code v} masked, as a text. */
        private boolean masked(JsonNode v) {
            if (!rw.masksIntegers() || !mayHoldAccountNumber(v)) {
                return false;
            }
            String digits = v.asText();
            return digits.length() >= 12 && !rw.text(digits).equals(digits);
        }

        /**
         * The shape of the object whose keys are {@code names[base, base + n)}: a stable insertion sort
         * of their stored keys; of keys that store alike, the one written last in the object wins.
         * Kept in {@link #shapes} unless a key was changed by the rewrite, too long, or too many.
         */
        private Shape sort(int base, int n, int hash) {
            StoredKey[] sorted = new StoredKey[n];
            int[] at = new int[n];
            boolean keep = n <= Shapes.MAX_FIELDS;
            for (int j = 0; j < n; j++) {
                String name = names[base + j];
                StoredKey k = rw.key(name);
                keep &= name.length() <= Shapes.MAX_KEY_LENGTH && k.name().equals(name);
                int i = j;
                while (i > 0 && sorted[i - 1].name().compareTo(k.name()) > 0) {
                    sorted[i] = sorted[i - 1];
                    at[i] = at[i - 1];
                    i--;
                }
                sorted[i] = k;
                at[i] = j;
            }
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (i + 1 < n && sorted[i + 1].name().equals(sorted[i].name())) {
                    continue;
                }
                sorted[m] = sorted[i];
                at[m++] = at[i];
            }
            Shape shape = Shape.of(
                    hash, Arrays.copyOfRange(names, base, base + n), Arrays.copyOf(sorted, m), Arrays.copyOf(at, m));
            if (keep) {
                shapes.keep(shape);
            }
            return shape;
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
