package ai.lukhas.pwm.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonBytes} (the canonical writer's byte output, used for every stored record and for the
 * verifier's recomputation) writes exactly what Jackson's UTF-8 generator wrote before it, kept here as
 * the oracle: for every character, random text over all of Unicode, random doubles, random trees plain
 * and redacted, and whole records ({@link RecordCodec#prepare} against the generator-based version it
 * replaced, main at 99cab45, copied below). Stored bytes and the hash chain therefore do not change.
 */
class JsonBytesProperties {
    private static final AuditRedactor REDACTOR = Fixtures.redactor();

    private interface Body {
        void write(CanonicalJson.Out out) throws IOException;
    }

    private static String jackson(Body body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = CanonicalJson.MAPPER.getFactory().createGenerator(out)) {
            body.write(CanonicalJson.Out.of(g));
        }
        return hex(out.toByteArray());
    }

    private static String bytes(Body body) throws IOException {
        JsonBytes out = new JsonBytes(4);
        body.write(out);
        return hex(out.toByteArray());
    }

    /** Hex, so a difference in one byte shows as such (a UTF-8 decode would hide invalid sequences). */
    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }

    @Test
    void everyCharacterIsEscapedOrEncodedAsTheGeneratorDid() throws IOException {
        for (int c = 0; c <= 0xFFFF; c++) { // lone surrogates too (text is made well-formed before)
            String s = "a" + (char) c + "b";
            assertThat(bytes(o -> o.string(s))).as("U+%04X", c).isEqualTo(jackson(o -> o.string(s)));
        }
        for (int cp : new int[] {0x10000, 0x1F600, 0x10FFFF, 0xE01EF}) {
            String s = new String(Character.toChars(cp));
            assertThat(bytes(o -> o.string(s))).isEqualTo(jackson(o -> o.string(s)));
        }
    }

    @Provide
    Arbitrary<String> unicode() {
        return Arbitraries.strings().all().ofMaxLength(40).map(CanonicalJson::wellFormed);
    }

    @Property(tries = 2000)
    void textAndKeysAreWhatTheGeneratorWrote(@ForAll("unicode") String s) throws IOException {
        CanonicalJson.StoredKey k = new CanonicalJson.StoredKey(s, false);
        Body object = o -> {
            o.startObject();
            o.key(k);
            o.string(s);
            o.key(k);
            o.startArray();
            o.string(s);
            o.nul();
            o.bool(true);
            o.endArray();
            o.endObject();
        };
        assertThat(bytes(object)).isEqualTo(jackson(object));
    }

    @Property(tries = 2000)
    void numbersAreWhatTheGeneratorWrote(@ForAll double d, @ForAll long l) throws IOException {
        double x = Double.isFinite(d) ? d : 0.0;
        Body numbers = o -> {
            o.startArray();
            o.number(x);
            o.number(l);
            o.number(java.math.BigInteger.valueOf(l).shiftLeft(70));
            o.number(Double.longBitsToDouble(l & 0x7FEF_FFFF_FFFF_FFFFL));
            o.bool(false);
            o.endArray();
        };
        assertThat(bytes(numbers)).isEqualTo(jackson(numbers));
    }

    /** Integers are written digit by digit: every length, both sides of each power of ten, and the extremes. */
    @Example
    void integersAtEveryLengthAreWhatTheGeneratorWrote() throws IOException {
        java.util.List<Long> values = new java.util.ArrayList<>(
                java.util.List.of(0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1));
        for (long p = 1; p <= 1_000_000_000_000_000_000L; p *= 10) {
            for (long v : new long[] {p - 1, p, p + 1, 2 * p - 1, 9 * p, 9 * p + (p - 1)}) {
                values.add(v);
                values.add(-v);
            }
        }
        Body numbers = o -> {
            o.startArray();
            for (long v : values) {
                o.number(v);
                o.number((double) v);
            }
            o.number(0.0);
            o.number(-0.0);
            o.endArray();
        };
        assertThat(bytes(numbers)).isEqualTo(jackson(numbers));
    }

    @Provide
    Arbitrary<JsonNode> trees() {
        return Arbitraries.oneOf(
                new CanonicalWriterProperties().trees(),
                unicode().list().ofMaxSize(6).map(l -> {
                    ObjectNode o = JsonNodeFactory.instance.objectNode();
                    ArrayNode a = o.putArray("texts");
                    l.forEach(s -> {
                        a.add(s);
                        o.put(s, s);
                    });
                    o.set("d", DoubleNode.valueOf(l.size() / 3.0));
                    return o;
                }));
    }

    @Property(tries = 1000)
    void treesAreWhatTheGeneratorWrotePlainAndRedacted(@ForAll("trees") JsonNode tree) throws IOException {
        for (CanonicalJson.Rewrite rw : List.of(CanonicalJson.Rewrite.NONE, REDACTOR.rewrite())) {
            assertThat(bytes(o -> new CanonicalJson.Writer(o, rw).write(tree)))
                    .isEqualTo(jackson(o -> new CanonicalJson.Writer(o, rw).write(tree)));
        }
        // and the verifier's recomputation writes what it did
        assertThat(hex(CanonicalJson.bytes(tree)))
                .isEqualTo(jackson(o -> new CanonicalJson.Writer(o, CanonicalJson.Rewrite.NONE).write(tree)));
    }

    @Test
    void nestingDeeperThanTheGeneratorAllowsIsRefusedAsItWas() {
        JsonNode deep = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < 1_100; i++) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            a.add(deep);
            deep = a;
        }
        JsonNode tooDeep = deep;
        assertThatThrownBy(() -> jackson(o -> new CanonicalJson.Writer(o, CanonicalJson.Rewrite.NONE).write(tooDeep)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> CanonicalJson.bytes(tooDeep))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void theNestingLimitIsTheGeneratorsToTheLevel() {
        for (int levels = 995; levels <= 1_005; levels++) {
            JsonNode deep = JsonNodeFactory.instance.objectNode();
            for (int i = 1; i < levels; i++) {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                o.set("k", deep);
                deep = o;
            }
            JsonNode tree = deep;
            boolean generator =
                    fails(() -> jackson(o -> new CanonicalJson.Writer(o, CanonicalJson.Rewrite.NONE).write(tree)));
            boolean bytes = fails(() -> CanonicalJson.bytes(tree));
            assertThat(bytes).as("%d levels", levels).isEqualTo(generator);
        }
    }

    private interface Attempt {
        void run() throws IOException;
    }

    private static boolean fails(Attempt a) {
        try {
            a.run();
            return false;
        } catch (IOException | UncheckedIOException e) {
            return true;
        }
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                unicode(),
                Arbitraries.of(
                        "bob@example.com",
                        "sk-abcdefghijklmnopqrstuvwxyz",
                        "4111 1111 1111 1111",
                        "",
                        "s-fe995298-1fe8-4426-803b-2b8eeed0802b"));
    }

    @Provide
    Arbitrary<AuditBundle> bundles() {
        Arbitrary<JsonNode> t = trees();
        Arbitrary<String> x = texts();
        return Combinators.combine(
                        Combinators.combine(x, x, x, x, x, x).as(List::of),
                        Combinators.combine(t, t, t, t, t, t, t, t).as(List::of),
                        Arbitraries.longs().between(0, 1_000_000),
                        Arbitraries.longs().between(0, 4_000_000_000_000L))
                .as((s, p, latency, millis) -> AuditBundle.builder(
                                "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b", Instant.ofEpochMilli(millis))
                        .tenant(s.get(0))
                        .session(s.get(1))
                        .user(s.get(2))
                        .provider(s.get(3))
                        .model(s.get(4))
                        .outcome(s.get(5).isBlank() ? "ok" : s.get(5))
                        .request(p.get(0))
                        .signals(p.get(1))
                        .modulation(p.get(2))
                        .toolsOffered(p.get(3))
                        .toolCalls(p.get(4))
                        .moderation(p.get(5))
                        .incidents(p.get(6))
                        .usage(p.get(7))
                        .latencyMs(latency)
                        .handOver()
                        .build());
    }

    @Property(tries = 500)
    void aPreparedRecordIsWhatTheGeneratorBasedCodecPrepared(@ForAll("bundles") AuditBundle b, @ForAll int hint)
            throws IOException {
        for (CanonicalJson.Rewrite rw : List.of(CanonicalJson.Rewrite.NONE, REDACTOR.rewrite())) {
            RecordCodec.Prepared now = RecordCodec.prepare(b, rw, Math.floorMod(hint, 10_000));
            OldCodec.Prepared before = OldCodec.prepare(b, rw);
            assertThat(hex(Arrays.copyOf(now.bytes(), now.length()))).isEqualTo(hex(before.bytes()));
            assertThat(now.cuts()).isEqualTo(before.cuts());
        }
    }

    /** RecordCodec.prepare as of main 99cab45 (Jackson generator into a stream), unchanged but for names. */
    private static final class OldCodec {
        record Prepared(byte[] bytes, int[] cuts) {}

        static Prepared prepare(AuditBundle b, CanonicalJson.Rewrite rw) throws IOException {
            CanonicalJson.Rewrite none = CanonicalJson.Rewrite.NONE;
            ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
            int[] cuts = new int[3];
            try (JsonGenerator g = CanonicalJson.MAPPER.getFactory().createGenerator(out)) {
                CanonicalJson.Writer w = new CanonicalJson.Writer(g, rw);
                g.writeStartObject();
                text(g, AuditBundle.Fields.AUDIT_ID, b.auditId(), none);
                cuts[0] = cut(g, out);
                tree(g, AuditBundle.Fields.INCIDENTS, b.incidents(), w);
                g.writeFieldName(AuditBundle.Fields.LATENCY_MS);
                g.writeNumber(b.latencyMs());
                text(g, AuditBundle.Fields.MODEL, b.model(), rw);
                tree(g, AuditBundle.Fields.MODERATION, b.moderation(), w);
                tree(g, AuditBundle.Fields.MODULATION, b.modulation(), w);
                text(g, AuditBundle.Fields.OUTCOME, b.outcome(), none);
                cuts[1] = cut(g, out);
                text(g, AuditBundle.Fields.PROVIDER, b.provider(), rw);
                tree(g, AuditBundle.Fields.REQUEST, b.request(), w);
                cuts[2] = cut(g, out);
                text(g, AuditBundle.Fields.SESSION, b.session(), rw);
                tree(g, AuditBundle.Fields.SIGNALS, b.signals(), w);
                text(g, AuditBundle.Fields.TENANT, b.tenant(), rw);
                tree(g, AuditBundle.Fields.TOOL_CALLS, b.toolCalls(), w);
                tree(g, AuditBundle.Fields.TOOLS_OFFERED, b.toolsOffered(), w);
                text(g, AuditBundle.Fields.TS, b.ts().toString(), none);
                tree(g, AuditBundle.Fields.USAGE, b.usage(), w);
                text(g, AuditBundle.Fields.USER, b.user(), rw);
                g.writeEndObject();
            }
            return new Prepared(out.toByteArray(), cuts);
        }

        private static void text(JsonGenerator g, String field, String value, CanonicalJson.Rewrite rw)
                throws IOException {
            g.writeFieldName(field);
            g.writeString(rw.text(value));
        }

        private static void tree(JsonGenerator g, String field, JsonNode value, CanonicalJson.Writer w)
                throws IOException {
            g.writeFieldName(field);
            w.write(value);
        }

        private static int cut(JsonGenerator g, ByteArrayOutputStream out) throws IOException {
            g.flush();
            return out.size();
        }
    }
}
