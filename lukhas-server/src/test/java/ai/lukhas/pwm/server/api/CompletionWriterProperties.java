package ai.lukhas.pwm.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.provider.AssistantMessage;
import ai.lukhas.pwm.provider.ChatResponse;
import ai.lukhas.pwm.provider.FinishReason;
import ai.lukhas.pwm.provider.FunctionCall;
import ai.lukhas.pwm.provider.OpenAiJson;
import ai.lukhas.pwm.provider.Usage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The chat answer written without a tree ({@link OpenAiJson#completionWriter}) is byte for byte the tree
 * the route rendered before: {@link OpenAiJson#completion} with the {@code lukhas} extension set last,
 * both through {@link Json#MAPPER}.
 */
class CompletionWriterProperties {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** The bytes, or the failure, of one rendering. */
    private static Object rendered(Object body) {
        try {
            return List.of(Json.MAPPER.writeValueAsBytes(body));
        } catch (Exception e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    @Property(tries = 2000)
    void sameBytesAsTheTree(
            @ForAll("responses") ChatResponse r,
            @ForAll("created") long created,
            @ForAll("extensions") JsonNode extension) {
        ObjectNode tree = OpenAiJson.completion(r, created);
        tree.set("lukhas", extension);
        Object before = rendered(tree);
        Object after = rendered(OpenAiJson.completionWriter(r, created, "lukhas", extension));
        if (before instanceof List<?> b && after instanceof List<?> a) {
            // ISO-8859-1 maps every byte to one character: a readable, lossless comparison
            assertThat(new String((byte[]) a.getFirst(), StandardCharsets.ISO_8859_1))
                    .isEqualTo(new String((byte[]) b.getFirst(), StandardCharsets.ISO_8859_1));
        } else {
            assertThat(after).isEqualTo(before);
        }
    }

    @Provide
    Arbitrary<Long> created() {
        return Arbitraries.oneOf(
                Arbitraries.longs(), Arbitraries.of(0L, 1_700_000_000L, Long.MAX_VALUE, Long.MIN_VALUE, -1L));
    }

    private static Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMinLength(1).ofMaxLength(30),
                Arbitraries.strings()
                        .withChars("ab\"\\/\n\t\u0000\u001f\u007f\u2028\u00e9\ud83d\ude00<>&'")
                        .ofMinLength(1)
                        .ofMaxLength(20),
                Arbitraries.strings()
                        .withCharRange('\ud800', '\udfff')
                        .ofMinLength(1)
                        .ofMaxLength(3),
                Arbitraries.of("chatcmpl-mock000000000000000000000001", "gpt-4o-mini", "x"));
    }

    private static Arbitrary<String> nonBlank() {
        return text().filter(s -> !s.isBlank());
    }

    @Provide
    Arbitrary<ChatResponse> responses() {
        Arbitrary<FunctionCall> call = Combinators.combine(
                        nonBlank(),
                        Arbitraries.strings()
                                .withChars("abz_-09")
                                .ofMinLength(1)
                                .ofMaxLength(10),
                        Arbitraries.oneOf(text(), Arbitraries.just(""), Arbitraries.just("{\"q\":\"x\"}")))
                .as(FunctionCall::new);
        Arbitrary<AssistantMessage> message = Combinators.combine(
                        Arbitraries.oneOf(
                                Arbitraries.just(Optional.<String>empty()),
                                text().map(Optional::of),
                                Arbitraries.just(Optional.of(""))),
                        call.list().ofMaxSize(3))
                .as(AssistantMessage::new);
        Arbitrary<Optional<Usage>> usage = Arbitraries.oneOf(
                Arbitraries.just(Optional.<Usage>empty()),
                Combinators.combine(
                                Arbitraries.integers().greaterOrEqual(0),
                                Arbitraries.integers().between(0, 5000),
                                Arbitraries.integers().greaterOrEqual(0))
                        .as((a, b, c) -> Optional.of(new Usage(a, b, c))));
        return Combinators.combine(nonBlank(), nonBlank(), message, Arbitraries.of(FinishReason.class), usage)
                .as(ChatResponse::new);
    }

    @Provide
    Arbitrary<JsonNode> extensions() {
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
                text().map(F::textNode),
                Arbitraries.doubles().map(F::numberNode),
                Arbitraries.of(0.7, 0.95, -0.0, 1e-7, 256.0).map(F::numberNode),
                Arbitraries.integers().map(F::numberNode),
                Arbitraries.longs().map(F::numberNode),
                Arbitraries.of(F.nullNode(), F.booleanNode(true), F.arrayNode(), F.objectNode()));
        return Combinators.combine(
                        Arbitraries.strings()
                                .withChars("abc_\"")
                                .ofMaxLength(6)
                                .list()
                                .ofMaxSize(5),
                        leaf.list().ofMaxSize(5),
                        leaf.list().ofMaxSize(3))
                .as((keys, values, array) -> {
                    ObjectNode o = F.objectNode();
                    for (int i = 0; i < keys.size() && i < values.size(); i++) {
                        o.set(keys.get(i), values.get(i));
                    }
                    o.putArray("incidents").addAll(array);
                    o.putObject("params").put("temperature", 0.7).put("max_output_tokens", 256);
                    return o;
                });
    }
}
