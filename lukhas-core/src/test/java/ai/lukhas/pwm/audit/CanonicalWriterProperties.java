package ai.lukhas.pwm.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

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
        return Arbitraries.oneOf(tree(3), new RedactionProperties().trees());
    }

    /**
     * Keys that store alike (two lone surrogates become U+FFFD, two e-mail addresses the same mask),
     * keys under key rules, and a few more drawn as the same string objects again and again, as a
     * pipeline's literals are.
     */
    private static final List<String> KEYS = List.of(
            "a",
            "b",
            "ab",
            "zz",
            "password",
            "api_key",
            "x\uD800",
            "x\uDFFF",
            "x\uFFFD",
            "bob@example.com",
            "eve@example.org",
            "[REDACTED:EMAIL]",
            "\uD83D\uDE00",
            "B",
            "_",
            "é");

    private static final List<String> TEXTS = List.of(
            "",
            "short",
            "not in the request's tool allowlist",
            "call 4111 1111 1111 1111 now",
            "mail bob@example.com",
            "sk-abcdefghijklmnopqrstuvwxyz",
            "lone \uD800 surrogate",
            "\uDFFF",
            "+1 201-555-0123",
            "2026-12-04T20:06:29.421Z",
            "s-fe995298-1fe8-4426-803b-2b8eeed0802b");

    private static Arbitrary<JsonNode> tree(int depth) {
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
                Arbitraries.of(TEXTS).map(TextNode::valueOf),
                Arbitraries.strings()
                        .withChars("ab@x.io 0123456789-\uD800\uDC00")
                        .ofMaxLength(20)
                        .map(TextNode::valueOf),
                Arbitraries.of(
                        LongNode.valueOf(4111111111111111L),
                        LongNode.valueOf(123456789012L),
                        LongNode.valueOf(-99999999999L),
                        IntNode.valueOf(42),
                        BigIntegerNode.valueOf(new BigInteger("41111111111111111111111")),
                        DoubleNode.valueOf(Double.NaN),
                        DoubleNode.valueOf(Double.NEGATIVE_INFINITY),
                        DoubleNode.valueOf(1.0),
                        DoubleNode.valueOf(1e-7),
                        BooleanNode.FALSE,
                        NullNode.getInstance()));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<JsonNode> object = Combinators.combine(
                        Arbitraries.of(KEYS).list().ofMaxSize(8),
                        tree(depth - 1).list().ofSize(8))
                .as((keys, values) -> {
                    ObjectNode o = JsonNodeFactory.instance.objectNode();
                    for (int i = 0; i < keys.size(); i++) {
                        o.set(keys.get(i), values.get(i));
                    }
                    return (JsonNode) o;
                });
        Arbitrary<JsonNode> array = tree(depth - 1).list().ofMaxSize(4).map(l -> {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            l.forEach(a::add);
            return (JsonNode) a;
        });
        return Arbitraries.frequencyOf(Tuple.of(3, leaf), Tuple.of(3, object), Tuple.of(1, array));
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

    /** Key sequences objects are built from again and again, as the pipeline's parts are. */
    private static final List<List<String>> SHAPES = List.of(
            List.of("from_default", "contributions", "feedback_delta", "cap_applied", "bounded", "notes"),
            List.of("notes", "bounded", "cap_applied", "feedback_delta", "contributions", "from_default"),
            List.of("tool", "stage", "reason"),
            List.of("tool", "stage", "password"),
            List.of("x\uD800", "a", "x\uDFFF"),
            List.of("bob@example.com", "b", "eve@example.org", "a"),
            List.of("b", "a"),
            List.of("a", "b"),
            List.of("api_key", "a", "B", "_", "é"));

    @Provide
    Arbitrary<JsonNode> shapedTrees() {
        Arbitrary<JsonNode> values = tree(1);
        Arbitrary<JsonNode> object = Combinators.combine(
                        Arbitraries.of(SHAPES),
                        values.list().ofSize(6),
                        Arbitraries.integers().between(0, 3))
                .as((keys, vs, copy) -> {
                    ObjectNode o = JsonNodeFactory.instance.objectNode();
                    for (int i = 0; i < keys.size(); i++) {
                        // now and then an equal key that is not the same string object
                        String key =
                                copy == 0 && i == 0 ? new String(keys.get(i).toCharArray()) : keys.get(i);
                        o.set(key, vs.get(i % vs.size()));
                    }
                    return (JsonNode) o;
                });
        Arbitrary<JsonNode> nested = Combinators.combine(
                        Arbitraries.of(SHAPES), object.list().ofSize(6))
                .as((keys, vs) -> {
                    ObjectNode o = JsonNodeFactory.instance.objectNode();
                    for (int i = 0; i < keys.size(); i++) {
                        o.set(keys.get(i), vs.get(i));
                    }
                    return (JsonNode) o;
                });
        return Arbitraries.oneOf(object, nested).list().ofMaxSize(12).map(l -> {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            l.forEach(a::add);
            return (JsonNode) a;
        });
    }

    /**
     * Objects with the same keys (the same string objects, in the same or another order; or equal
     * copies) written again and again, within a record and across records through one redactor and
     * through the plain rewrite, whose remembered shapes persist from try to try.
     */
    @Property(tries = 500)
    void rememberedShapesWriteTheBytesOfTheTreeWalk(@ForAll("shapedTrees") JsonNode tree) throws IOException {
        for (CanonicalJson.Rewrite rw : List.of(CanonicalJson.Rewrite.NONE, REDACTOR.rewrite())) {
            assertThat(utf8(g -> CanonicalJson.write(g, tree, rw))).isEqualTo(utf8(g -> Old.write(g, tree, rw)));
        }
    }

    /**
     * Leaves as the pipeline's parts repeat them, and near misses: equal texts that are other string
     * objects, 0.0 and -0.0, one integer as int, long and big integer nodes, an account number the
     * redactor masks, personal data, non-finite numbers, empty and non-empty containers.
     */
    private static Arbitrary<JsonNode> repeatedLeaf() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        BooleanNode.TRUE,
                        BooleanNode.FALSE,
                        NullNode.getInstance(),
                        DoubleNode.valueOf(0.0),
                        DoubleNode.valueOf(-0.0),
                        DoubleNode.valueOf(0.6),
                        DoubleNode.valueOf(Double.NaN),
                        IntNode.valueOf(900),
                        LongNode.valueOf(900),
                        BigIntegerNode.valueOf(BigInteger.valueOf(900)),
                        LongNode.valueOf(4111111111111111L),
                        LongNode.valueOf(123456789012L),
                        TextNode.valueOf("request_allowlist"),
                        TextNode.valueOf("request_blocklist"), // as long as the one before
                        TextNode.valueOf("not in the request's tool allowlist"),
                        TextNode.valueOf("mail bob@example.com"),
                        TextNode.valueOf("lone \uD800 surrogate"),
                        TextNode.valueOf("short")),
                Arbitraries.of("request_allowlist", "not in the request's tool allowlist", "mail bob@example.com")
                        .map(t -> TextNode.valueOf(new String(t.toCharArray()))),
                Arbitraries.of(0, 1).map(i -> (JsonNode)
                        (i == 0 ? JsonNodeFactory.instance.arrayNode() : JsonNodeFactory.instance.objectNode())),
                Arbitraries.of(0, 1).map(i -> (JsonNode)
                        (i == 0
                                ? JsonNodeFactory.instance.arrayNode().add("x")
                                : JsonNodeFactory.instance.objectNode().put("a", 1))));
    }

    @Provide
    Arbitrary<JsonNode> repeatedLeafTrees() {
        Arbitrary<List<JsonNode>> values = Combinators.combine(
                        repeatedLeaf().list().ofSize(6), Arbitraries.integers().between(0, 5))
                .as((vs, same) -> same < 3 ? List.of(vs.get(0)) : vs); // often every field the same leaf
        return Combinators.combine(
                        Arbitraries.of(SHAPES), values.list().ofMinSize(3).ofMaxSize(12))
                .as((keys, objects) -> {
                    ArrayNode a = JsonNodeFactory.instance.arrayNode();
                    for (List<JsonNode> vs : objects) {
                        ObjectNode o = a.addObject();
                        for (int i = 0; i < keys.size(); i++) {
                            o.set(keys.get(i), vs.get(i % vs.size()));
                        }
                    }
                    return (JsonNode) a;
                });
    }

    /**
     * Through {@link JsonBytes} (where objects of a remembered shape with the same leaves are written
     * from the bytes of an earlier one, {@link CanonicalJson.Values}), objects of one shape built again
     * and again with repeated and nearly repeated leaves, through a fresh redactor (whose first objects
     * of the shape decide what it remembers) and the plain rewrite, twice through one writer, write the
     * bytes of the tree walk.
     */
    @Property(tries = 2000)
    void repeatedLeavesAsBytesWriteTheBytesOfTheTreeWalk(@ForAll("repeatedLeafTrees") JsonNode tree)
            throws IOException {
        for (CanonicalJson.Rewrite rw :
                List.of(CanonicalJson.Rewrite.NONE, Fixtures.redactor().rewrite())) {
            JsonBytes out = new JsonBytes(64);
            CanonicalJson.Writer w = new CanonicalJson.Writer(out, rw);
            out.startArray();
            w.write(tree);
            w.write(tree);
            out.endArray();
            String walked = utf8(g -> {
                g.writeStartArray();
                Old.write(g, tree, rw);
                Old.write(g, tree, rw);
                g.writeEndArray();
            });
            assertThat(new String(out.toByteArray(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(walked);
        }
    }

    /**
     * What a redactor remembers of whole objects holds no text its masker changes, no integer it writes
     * masked and nothing of a shape with a redacted key, however often such objects repeat; objects of clean leaves are remembered.
     */
    @Property(tries = 200)
    void rememberedLeavesHoldNoPersonalDataAndNoRedactedValue(@ForAll("repeatedLeafTrees") JsonNode tree)
            throws IOException {
        AuditRedactor redactor = Fixtures.redactor();
        CanonicalJson.Rewrite rw = redactor.rewrite();
        for (int i = 0; i < 3; i++) {
            new CanonicalJson.Writer(new JsonBytes(64), rw).write(tree);
        }
        for (CanonicalJson.Shape shape : rw.shapes().kept()) {
            CanonicalJson.Values v = shape.values();
            if (v == null || v == CanonicalJson.Values.NOT_LEAVES) {
                continue;
            }
            assertThat(shape.redacts()).isFalse();
            for (String t : v.texts()) {
                if (t != null) {
                    assertThat(rw.text(t)).isEqualTo(t);
                }
            }
            for (int i = 0; i < v.kinds().length; i++) {
                if (v.kinds()[i] == CanonicalJson.Values.LONG) {
                    String digits = Long.toString(v.bits()[i]);
                    assertThat(rw.text(digits))
                            .as("a remembered integer is one written as a number")
                            .isEqualTo(digits);
                }
            }
        }
    }

    @Example
    void objectsOfCleanLeavesAreRemembered() throws IOException {
        CanonicalJson.Rewrite rw = Fixtures.redactor().rewrite();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("from_default", true).put("feedback_delta", 0.0).put("stage", "request_allowlist");
        o.putArray("notes");
        String first = null;
        for (int i = 0; i < 3; i++) {
            JsonBytes out = new JsonBytes(64);
            new CanonicalJson.Writer(out, rw).write(o);
            String now = new String(out.toByteArray(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(first == null || first.equals(now)).isTrue();
            first = now;
        }
        assertThat(rw.shapes().kept())
                .anyMatch(s -> s.values() != null && s.values() != CanonicalJson.Values.NOT_LEAVES);
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
                case NUMBER -> CanonicalJson.writeNumber(g, node, rw); // unchanged, only moved
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
    }
}
