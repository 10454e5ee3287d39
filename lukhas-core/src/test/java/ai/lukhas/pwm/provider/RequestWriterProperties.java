package ai.lukhas.pwm.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The upstream request written without a tree ({@link OpenAiWire#requestWriter}) is byte for byte
 * {@link OpenAiWire#requestBody} through the wire's mapper, for every request, model rule and mode.
 */
class RequestWriterProperties {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> PASS = new ArrayList<>(ChatRequest.PASS_THROUGH);

    static {
        PASS.sort(null);
    }

    private static OpenAiWire wire(boolean reasoningModel, boolean maxCompletionTokens) {
        OpenAiCompatibleConfig config = OpenAiCompatibleConfig.builder(URI.create("http://127.0.0.1:1/v1"))
                .reasoningModels(m -> reasoningModel)
                .maxCompletionTokensModels(m -> maxCompletionTokens)
                .build();
        return new OpenAiWire(config, new ProviderErrors("test", Optional.empty(), Clock.systemUTC()));
    }

    @Property(tries = 3000)
    void sameBytesAsTheTree(
            @ForAll("requests") ChatRequest request,
            @ForAll boolean reasoningModel,
            @ForAll boolean maxCompletionTokens,
            @ForAll boolean stream)
            throws Exception {
        OpenAiWire w = wire(reasoningModel, maxCompletionTokens);
        byte[] tree = OpenAiWire.JSON.writeValueAsBytes(w.requestBody(request, stream));
        byte[] written = OpenAiWire.JSON.writeValueAsBytes(w.requestWriter(request, stream));
        assertThat(new String(written, StandardCharsets.ISO_8859_1))
                .isEqualTo(new String(tree, StandardCharsets.ISO_8859_1));
    }

    private static Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMinLength(1).ofMaxLength(20),
                Arbitraries.strings()
                        .withChars("ab \"\\/\n\t\u0001\u2028\u00e9\ud83d\ude00")
                        .ofMinLength(1)
                        .ofMaxLength(12));
    }

    private static Arbitrary<String> name() {
        return Arbitraries.strings().withChars("abcz_-09").ofMinLength(1).ofMaxLength(8);
    }

    private static Arbitrary<JsonNode> value() {
        return Arbitraries.oneOf(
                text().map(F::textNode),
                Arbitraries.integers().map(F::numberNode),
                Arbitraries.doubles().map(F::numberNode),
                Arbitraries.of(F.nullNode(), F.booleanNode(false), F.arrayNode(), F.objectNode()),
                Combinators.combine(name(), text()).as((k, v) -> F.objectNode().put(k, v)));
    }

    private static Arbitrary<ChatMessage> message() {
        Arbitrary<FunctionCall> call = Combinators.combine(
                        name(), name(), Arbitraries.oneOf(text(), Arbitraries.just("{}")))
                .as(FunctionCall::new);
        return Arbitraries.oneOf(
                text().map(SystemMessage::new),
                text().map(UserMessage::new),
                Combinators.combine(name(), text()).as(ToolMessage::new),
                Combinators.combine(
                                Arbitraries.oneOf(Arbitraries.just(Optional.<String>empty()), text().map(Optional::of)),
                                call.list().ofMaxSize(2))
                        .as(AssistantMessage::new));
    }

    private static Arbitrary<FunctionDefinition> tool() {
        return Combinators.combine(name(), Arbitraries.oneOf(Arbitraries.just(""), text()), Arbitraries.of(0, 1, 2))
                .as((n, d, shape) -> {
                    ObjectNode schema = F.objectNode().put("type", "object");
                    if (shape > 0) {
                        schema.putObject("properties")
                                .putObject("q")
                                .put("type", "string")
                                .put("description", d);
                    }
                    if (shape > 1) {
                        schema.putArray("required").add("q");
                    }
                    return new FunctionDefinition(n, d, schema);
                });
    }

    private record Sampling(
            String model,
            List<ChatMessage> messages,
            Optional<Double> temperature,
            Optional<Double> topP,
            Optional<Integer> max,
            Optional<Double> effort) {}

    @Provide
    Arbitrary<ChatRequest> requests() {
        Arbitrary<List<FunctionDefinition>> tools = tool().list().ofMaxSize(3).uniqueElements(FunctionDefinition::name);
        Arbitrary<Map<String, JsonNode>> passThrough = Combinators.combine(
                        Arbitraries.of(PASS).list().ofMaxSize(5).uniqueElements(),
                        value().list().ofSize(5))
                .as((keys, values) -> {
                    Map<String, JsonNode> m = new LinkedHashMap<>();
                    for (int i = 0; i < keys.size(); i++) {
                        m.put(keys.get(i), values.get(i));
                    }
                    return m;
                });
        Arbitrary<ToolChoice> choice = Arbitraries.oneOf(
                Arbitraries.of(ToolChoice.AUTO, ToolChoice.NONE, ToolChoice.REQUIRED),
                name().map(ToolChoice.Function::new));
        return Combinators.combine(
                        Combinators.combine(
                                        Arbitraries.of("gpt-4o-mini", "o3", "m\"\u00e9"),
                                        message().list().ofMinSize(1).ofMaxSize(4),
                                        Arbitraries.doubles().between(0, 2).optional(),
                                        Arbitraries.doubles().between(0, 1).optional(),
                                        Arbitraries.integers()
                                                .between(1, 100_000)
                                                .optional(),
                                        Arbitraries.doubles().between(0, 1).optional())
                                .as(Sampling::new),
                        tools,
                        choice,
                        Arbitraries.strings()
                                .withChars("ab#\n")
                                .ofMinLength(1)
                                .ofMaxLength(4)
                                .list()
                                .ofMaxSize(3),
                        text().optional(),
                        passThrough)
                .as((first, t, c, stops, preamble, pass) -> {
                    ChatRequest.Builder b = ChatRequest.builder(first.model())
                            .messages(first.messages())
                            .tools(t)
                            .toolChoice(c)
                            .stopSequences(stops)
                            .passThrough(pass);
                    first.temperature().ifPresent(b::temperature);
                    first.topP().ifPresent(b::topP);
                    first.max().ifPresent(b::maxOutputTokens);
                    first.effort().ifPresent(b::reasoningEffort);
                    preamble.ifPresent(b::preamble);
                    return b.build();
                });
    }
}
