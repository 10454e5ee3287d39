package ai.lukhas.pwm.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Issue 17 item 6: request JSON fuzzed from valid chat and embeddings requests (a field replaced by a
 * random value of any type, huge numbers and strings, deep nesting, fields removed or added, the
 * body itself truncated) never gets a 5xx and never hangs: every answer is a 2xx or a 4xx with an
 * error body. The time limit only guards against a hang; it is not a performance figure.
 */
class ChatRequestFuzzProperties {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Every field the chat route knows (its own list, so the two cannot drift), and one it does not. */
    private static final List<String> CHAT_FIELDS = Stream.concat(
                    ChatRequestReader.KNOWN.stream().sorted(), Stream.of("unknown_field"))
            .toList();

    private static Path dir;
    private static TestGateway gw;

    @BeforeContainer
    static void start() throws IOException {
        dir = Files.createTempDirectory("lukhas-fuzz");
        gw = new TestGateway(dir, "", 256 * 1024);
    }

    @AfterContainer
    static void stop() throws IOException {
        gw.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (UncheckedIOException e) {
            // best effort: the directory is under the system's temporary directory
        }
    }

    private static ObjectNode validChat() {
        ObjectNode body = F.objectNode().put("model", "gpt-4o-mini");
        body.putArray("messages").addObject().put("role", "user").put("content", "call lookup with id=1");
        ObjectNode tool = body.putArray("tools").addObject().put("type", "function");
        ObjectNode fn = tool.putObject("function").put("name", "lookup");
        fn.putObject("parameters")
                .put("type", "object")
                .putObject("properties")
                .putObject("id")
                .put("type", "string");
        body.put("temperature", 0.5).put("stop", "END");
        body.putObject("lukhas")
                .put("session_id", "fuzz")
                .putArray("signals")
                .addObject()
                .put("name", "stress")
                .put("level", 0.3);
        return body;
    }

    @Provide
    Arbitrary<JsonNode> values() {
        return Arbitraries.lazyOf(
                () -> Arbitraries.strings().ofMaxLength(40).map(F::textNode),
                () -> Arbitraries.strings()
                        .ofMinLength(5_000)
                        .ofMaxLength(60_000)
                        .map(F::textNode),
                () -> Arbitraries.integers().map(F::numberNode),
                () -> Arbitraries.longs().map(F::numberNode),
                () -> Arbitraries.doubles().map(F::numberNode),
                () -> Arbitraries.of("1e400", "-1e400", "123456789012345678901234567890", "-0", "0.0000001")
                        .map(n -> F.numberNode(new java.math.BigDecimal(n))),
                () -> Arbitraries.of(F.booleanNode(true), F.booleanNode(false), F.nullNode()),
                () -> values().list().ofMaxSize(5).map(l -> {
                    ArrayNode a = F.arrayNode();
                    l.forEach(a::add);
                    return a;
                }),
                () -> Combinators.combine(Arbitraries.of(CHAT_FIELDS), values()).as((k, v) -> {
                    ObjectNode o = F.objectNode();
                    o.set(k, v);
                    return o;
                }),
                // deeper than Jackson writes is sent as raw text, see deeplyNestedJsonGetsNo5xx
                () -> Arbitraries.integers().between(1, 990).map(ChatRequestFuzzProperties::deep));
    }

    private static JsonNode deep(int depth) {
        JsonNode n = F.textNode("x");
        for (int i = 0; i < depth; i++) {
            ArrayNode a = F.arrayNode();
            a.add(n);
            n = a;
        }
        return n;
    }

    /** A JSON path inside the valid request: a top-level field or one inside messages/tools/lukhas. */
    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.oneOf(
                Arbitraries.of(CHAT_FIELDS).map(f -> "/" + f),
                Arbitraries.of(
                        "/messages/0/role",
                        "/messages/0/content",
                        "/messages/0",
                        "/tools/0/function/name",
                        "/tools/0/function/parameters",
                        "/tools/0/function/parameters/properties/id",
                        "/tools/0/function/parameters/type",
                        "/tools/0/type",
                        "/lukhas/session_id",
                        "/lukhas/signals/0/level",
                        "/lukhas/signals/0/name",
                        "/lukhas/tool_allowlist",
                        "/lukhas/memory"));
    }

    private static void set(ObjectNode root, String path, Optional<JsonNode> value) {
        int slash = path.lastIndexOf('/');
        JsonNode parent = slash == 0 ? root : root.at(path.substring(0, slash));
        String last = path.substring(slash + 1);
        if (parent instanceof ObjectNode o) {
            value.ifPresentOrElse(v -> o.set(last, v), () -> o.remove(last));
        } else if (parent instanceof ArrayNode a && last.chars().allMatch(Character::isDigit)) {
            int i = Integer.parseInt(last);
            if (i < a.size()) {
                value.ifPresentOrElse(v -> a.set(i, v), () -> a.remove(i));
            }
        }
    }

    private static void assertNoServerError(String route, String body) {
        HttpResponse<String> r = assertTimeoutPreemptively(
                Duration.ofSeconds(30),
                () -> gw.send("POST", route, Optional.of(gw.admin), Optional.of(body)),
                "no answer in 30 s: a hang");
        assertThat(r.statusCode())
                .as("%s %s -> %s", route, body.length() > 300 ? body.substring(0, 300) + "..." : body, r.body())
                .isBetween(200, 499);
        if (r.statusCode() >= 400) {
            assertThat(TestGateway.read(r.body()).path("error").path("message").asText())
                    .isNotBlank();
        }
    }

    @Property(tries = 150)
    void aChatRequestWithOneFieldReplacedGetsNo5xx(@ForAll("paths") String path, @ForAll("values") JsonNode value) {
        ObjectNode body = validChat();
        set(body, path, Optional.of(value));
        assertNoServerError("/v1/chat/completions", body.toString());
    }

    @Property(tries = 60)
    void aChatRequestWithFieldsRemovedOrTheBodyCutGetsNo5xx(
            @ForAll("paths") String path, @ForAll("paths") String other, @ForAll boolean cut) {
        ObjectNode body = validChat();
        set(body, path, Optional.empty());
        set(body, other, Optional.empty());
        String text = body.toString();
        assertNoServerError("/v1/chat/completions", cut ? text.substring(0, text.length() / 2) : text);
    }

    @Property(tries = 60)
    void anEmbeddingsRequestWithOneFieldReplacedGetsNo5xx(
            @ForAll("values") JsonNode value, @ForAll("embeddingFields") String field) {
        ObjectNode body = F.objectNode().put("model", "text-embedding-3-small").put("input", "tides");
        body.set(field, value);
        assertNoServerError("/v1/embeddings", body.toString());
    }

    @Property(tries = 10)
    void deeplyNestedJsonGetsNo5xx(@ForAll @net.jqwik.api.constraints.IntRange(min = 900, max = 20_000) int depth) {
        assertNoServerError(
                "/v1/chat/completions", "{\"messages\":" + "[".repeat(depth) + "]".repeat(depth) + ",\"model\":\"m\"}");
    }

    @Provide
    Arbitrary<String> embeddingFields() {
        return Arbitraries.of("model", "input", "dimensions", "encoding_format", "user", "lukhas", "other");
    }
}
