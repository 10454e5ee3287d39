package ai.lukhas.pwm.provider;

import static ai.lukhas.pwm.provider.FakeUpstream.ok;
import static ai.lukhas.pwm.provider.FakeUpstream.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The provider with {@code upstream.api: responses} against a real local server speaking the OpenAI
 * Responses API: what the upstream receives for a governed request, how answers and stream events
 * come back, and that failures are the same typed, retried exceptions as on the chat wire.
 */
class ResponsesProviderTest extends ProviderOverHttp {
    /** The smallest request: model {@code m}, one user message. */
    private static final ChatRequest MINIMAL =
            ChatRequest.builder("m").user("x").build();

    @Override
    OpenAiCompatibleConfig.Builder config() {
        return super.config().api(UpstreamApi.RESPONSES);
    }

    ResponsesProviderTest() {
        super(PLAIN, "/v1/responses");
    }

    static final String PLAIN = """
            {"id":"resp_1","object":"response","status":"completed","model":"gpt-4o-mini-2024-07-18",
             "output":[{"type":"reasoning","id":"rs_1","summary":[]},
                       {"type":"message","id":"msg_1","role":"assistant","status":"completed",
                        "content":[{"type":"output_text","text":"Tides follow ","annotations":[]},
                                   {"type":"output_text","text":"the moon.","annotations":[]}]}],
             "usage":{"input_tokens":21,"output_tokens":5,"total_tokens":26}}""";

    static FunctionDefinition lookup() {
        try {
            return new FunctionDefinition("lookup_order", "Find an order.", (ObjectNode)
                    FakeUpstream.JSON.readTree("{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}}}"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theGovernedRequestIsSentAsAResponsesRequestAndTheAnswerComesBack() {
        upstream.then(ok(PLAIN));
        ChatRequest request = ChatRequest.builder("gpt-4o-mini")
                .preamble("Be careful.")
                .system("You are terse.")
                .user("What causes tides?")
                .message(new AssistantMessage(
                        Optional.of("Let me look."),
                        List.of(new FunctionCall("call_1", "lookup_order", "{\"id\":\"4\"}"))))
                .message(new ToolMessage("call_1", "order 4 ships"))
                .temperature(0.3)
                .topP(0.9)
                .maxOutputTokens(256)
                .tools(List.of(lookup()))
                .toolChoice(new ToolChoice.Function("lookup_order"))
                .passThrough(Map.of(
                        "parallel_tool_calls",
                                FakeUpstream.JSON.getNodeFactory().booleanNode(false),
                        "response_format",
                                json("{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"answer\","
                                        + "\"schema\":{\"type\":\"object\"},\"strict\":true}}"),
                        "metadata", json("{\"app\":\"x\"}"),
                        "user", FakeUpstream.JSON.getNodeFactory().textNode("u-1"),
                        "verbosity", FakeUpstream.JSON.getNodeFactory().textNode("low")))
                .build();

        ChatResponse r = provider().complete(request);

        assertThat(r.id()).isEqualTo("resp_1");
        assertThat(r.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(r.message().content()).contains("Tides follow the moon.");
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.usage()).contains(new Usage(21, 5, 26));
        FakeUpstream.Received got = upstream.received.getFirst();
        assertThat(got.path()).isEqualTo("/v1/responses");
        assertThat(got.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(got.body()).isEqualTo(json("""
                        {"model":"gpt-4o-mini",
                         "input":[{"type":"message","role":"system","content":"Be careful."},
                                  {"type":"message","role":"system","content":"You are terse."},
                                  {"type":"message","role":"user","content":"What causes tides?"},
                                  {"type":"message","role":"assistant","content":"Let me look."},
                                  {"type":"function_call","call_id":"call_1","name":"lookup_order","arguments":"{\\"id\\":\\"4\\"}"},
                                  {"type":"function_call_output","call_id":"call_1","output":"order 4 ships"}],
                         "temperature":0.3,"top_p":0.9,"max_output_tokens":256,
                         "tools":[{"type":"function","name":"lookup_order","description":"Find an order.",
                                   "parameters":{"type":"object","properties":{"id":{"type":"string"}}}}],
                         "tool_choice":{"type":"function","name":"lookup_order"},
                         "parallel_tool_calls":false,
                         "text":{"format":{"type":"json_schema","name":"answer","schema":{"type":"object"},"strict":true},
                                 "verbosity":"low"},
                         "metadata":{"app":"x"},"user":"u-1","store":false}"""));
    }

    @Test
    void reasoningModelsGetAReasoningEffortAndNoSamplingParameters() {
        upstream.then(ok(PLAIN));
        provider()
                .complete(ChatRequest.builder("o4-mini")
                        .user("x")
                        .temperature(0.2)
                        .topP(0.5)
                        .reasoningEffort(0.9)
                        .build());
        JsonNode body = upstream.lastBody();
        assertThat(body.has("temperature")).isFalse();
        assertThat(body.has("top_p")).isFalse();
        assertThat(body.path("reasoning").toString()).isEqualTo("{\"effort\":\"high\"}");
        assertThat(body.has("tools")).isFalse();
        assertThat(body.has("tool_choice")).isFalse();
    }

    @Test
    void functionCallsComeBackAsToolCalls() {
        upstream.then(ok("""
                {"id":"resp_2","status":"completed","model":"m","output":[
                  {"type":"function_call","id":"fc_1","call_id":"call_a","name":"lookup_order","arguments":"{\\"id\\":\\"4\\"}"},
                  {"type":"function_call","id":"fc_2","call_id":"call_b","name":"open_url","arguments":"{}"}]}"""));
        ChatResponse r = provider()
                .complete(ChatRequest.builder("m")
                        .user("x")
                        .tools(List.of(lookup()))
                        .build());
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(r.message().content()).isEmpty();
        assertThat(r.message().toolCalls())
                .containsExactly(
                        new FunctionCall("call_a", "lookup_order", "{\"id\":\"4\"}"),
                        new FunctionCall("call_b", "open_url", "{}"));
        assertThat(r.usage()).isEmpty();
    }

    @Test
    void incompleteAndFailedResponsesMapToFinishReasonsAndUpstreamErrors() {
        upstream.then(
                        ok(
                                "{\"id\":\"r\",\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":\"max_output_tokens\"},"
                                        + "\"output\":[{\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\"Tides\"}]}]}"))
                .then(ok(
                        "{\"id\":\"r\",\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":\"content_filter\"},"
                                + "\"output\":[]}"))
                .then(ok(
                        "{\"id\":\"r\",\"status\":\"failed\",\"error\":{\"code\":\"server_error\",\"message\":\"boom\"},"
                                + "\"output\":[]}"))
                .then(ok("{\"object\":\"list\"}"));
        ChatRequest x = MINIMAL;
        LlmProvider p = provider(config().retry(RetryPolicy.none(Duration.ofSeconds(30))));
        assertThat(p.complete(x).finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(p.complete(x).finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThatThrownBy(() -> p.complete(x))
                .isInstanceOf(UpstreamServerException.class)
                .hasMessageContaining("boom");
        assertThatThrownBy(() -> p.complete(x))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("no output array");
    }

    @Test
    void fieldsTheResponsesApiCannotCarryAreRefusedBeforeAnythingIsSent() {
        for (String field : List.of("seed", "presence_penalty", "frequency_penalty", "logit_bias", "prediction")) {
            ChatRequest r = ChatRequest.builder("m")
                    .user("x")
                    .passThrough(
                            Map.of(field, FakeUpstream.JSON.getNodeFactory().numberNode(1)))
                    .build();
            assertThatThrownBy(() -> provider().complete(r))
                    .isInstanceOf(BadRequestException.class)
                    .hasMessageContaining("'" + field + "'");
        }
        assertThat(upstream.received).isEmpty();
    }

    static String event(String type, String json) {
        return "event: " + type + "\ndata: {\"type\":\"" + type + "\"," + json + "}\n\n";
    }

    static final String CREATED = event(
            "response.created",
            "\"sequence_number\":0,\"response\":{\"id\":\"resp_s\",\"model\":\"gpt-4o-mini\","
                    + "\"status\":\"in_progress\",\"output\":[]}");

    @Test
    void aStreamOfResponsesEventsBecomesDeltas() {
        upstream.then(new FakeUpstream.RawSse(CREATED
                + event(
                        "response.output_item.added",
                        "\"output_index\":0,\"item\":{\"type\":\"message\",\"id\":\"msg_1\"}")
                + event("response.output_text.delta", "\"output_index\":0,\"delta\":\"Tides \"")
                + event("response.output_text.delta", "\"output_index\":0,\"delta\":\"follow.\"")
                + event(
                        "response.output_item.done",
                        "\"output_index\":0,\"item\":{\"type\":\"message\",\"id\":\"msg_1\"}")
                + event(
                        "response.output_item.added",
                        "\"output_index\":1,\"item\":{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_a\","
                                + "\"name\":\"lookup_order\",\"arguments\":\"\"}")
                + event("response.function_call_arguments.delta", "\"output_index\":1,\"delta\":\"{\\\"id\\\":\"")
                + event(
                        "response.output_item.done",
                        "\"output_index\":1,\"item\":{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_a\","
                                + "\"name\":\"lookup_order\",\"arguments\":\"{\\\"id\\\":\\\"4\\\"}\"}")
                + event(
                        "response.completed",
                        "\"response\":{\"id\":\"resp_s\",\"status\":\"completed\",\"output\":[],"
                                + "\"usage\":{\"input_tokens\":9,\"output_tokens\":4,\"total_tokens\":13}}")));

        assertThat(deltas(provider().stream(
                        ChatRequest.builder("gpt-4o-mini").user("x").build())))
                .containsExactly(
                        new ChatDelta.Started("resp_s", "gpt-4o-mini"),
                        new ChatDelta.Content("Tides "),
                        new ChatDelta.Content("follow."),
                        new ChatDelta.ToolCallFragment(0, Optional.of("call_a"), Optional.of("lookup_order"), ""),
                        new ChatDelta.ToolCallFragment(0, Optional.empty(), Optional.empty(), "{\"id\":"),
                        new ChatDelta.ToolCallFragment(0, Optional.empty(), Optional.empty(), "\"4\"}"),
                        new ChatDelta.Finished(FinishReason.TOOL_CALLS),
                        new ChatDelta.UsageReport(new Usage(9, 4, 13)));
        assertThat(upstream.lastBody().path("stream").asBoolean()).isTrue();
        assertThat(upstream.received.getFirst().header("Accept")).isEqualTo("text/event-stream");
    }

    @Test
    void anIncompleteStreamFinishesWithLength() {
        upstream.then(
                new FakeUpstream.RawSse(
                        CREATED
                                + event("response.output_text.delta", "\"output_index\":0,\"delta\":\"Tides\"")
                                + event(
                                        "response.incomplete",
                                        "\"response\":{\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":\"max_output_tokens\"}}")));
        ChatResponse r = provider().stream(MINIMAL).collect();
        assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(r.message().content()).contains("Tides");
    }

    @Test
    void errorEventsAndCutOffStreamsAreUpstreamAndNetworkErrors() {
        upstream.then(new FakeUpstream.RawSse(CREATED
                        + event("error", "\"code\":\"server_error\",\"message\":\"model overloaded\",\"param\":null")))
                .then(new FakeUpstream.RawSse(CREATED
                        + event(
                                "response.failed",
                                "\"response\":{\"status\":\"failed\",\"error\":{\"message\":\"gone\"}}")))
                .then(new FakeUpstream.RawSse(
                        CREATED + event("response.output_text.delta", "\"output_index\":0,\"delta\":\"Tid\"")));
        ChatRequest x = MINIMAL;
        LlmProvider p = provider();
        ChatStream a = p.stream(x);
        a.next();
        assertThatThrownBy(a::next)
                .isInstanceOf(UpstreamServerException.class)
                .hasMessageContaining("model overloaded");
        ChatStream b = p.stream(x);
        b.next();
        assertThatThrownBy(b::next).isInstanceOf(UpstreamServerException.class).hasMessageContaining("gone");
        assertThatThrownBy(() -> p.stream(x).collect()).isInstanceOf(ProviderNetworkException.class);
    }

    @Test
    void stopSequencesAreAppliedByTheGatewayBecauseTheResponsesApiHasNone() {
        // split across deltas; the function call after the stop never reaches the pipeline
        upstream.then(new FakeUpstream.RawSse(CREATED
                        + event("response.output_text.delta", "\"output_index\":0,\"delta\":\"Fine.\\nUns\"")
                        + event("response.output_text.delta", "\"output_index\":0,\"delta\":\"afe: do x\"")
                        + event(
                                "response.output_item.added",
                                "\"output_index\":1,\"item\":{\"type\":\"function_call\",\"call_id\":\"c\",\"name\":\"lookup_order\"}")
                        + event("response.completed", "\"response\":{\"status\":\"completed\"}")))
                .then(
                        ok(
                                "{\"id\":\"r\",\"status\":\"completed\",\"output\":["
                                        + "{\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\"Fine.\\nUnsafe: do x\"}]},"
                                        + "{\"type\":\"function_call\",\"call_id\":\"c\",\"name\":\"lookup_order\",\"arguments\":\"{}\"}]}"));
        ChatRequest x = ChatRequest.builder("m")
                .user("x")
                .tools(List.of(lookup()))
                .stopSequences(List.of("\nUnsafe:", "END"))
                .build();

        assertThat(deltas(provider().stream(x)))
                .containsExactly(
                        new ChatDelta.Started("resp_s", "gpt-4o-mini"),
                        // "\nUns" could start "\nUnsafe:": held back until the next delta shows it does
                        new ChatDelta.Content("Fi"),
                        new ChatDelta.Content("ne."),
                        new ChatDelta.Finished(FinishReason.STOP));
        assertThat(upstream.lastBody().has("stop")).isFalse();

        ChatResponse plain = provider().complete(x);
        assertThat(plain.message().content()).contains("Fine.");
        assertThat(plain.message().toolCalls()).isEmpty();
        assertThat(plain.finishReason()).isEqualTo(FinishReason.STOP);
    }

    // ---- failures: the same typed exceptions and the same retry policy as the chat wire ---------------

    @Test
    void serverErrorsAreRetriedUpToMaxAttemptsThenTyped() {
        upstream.then(status(503, "{\"error\":{\"message\":\"upstream unavailable\"}}"));
        RetryPolicy policy =
                new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(8), 2.0, 0, Duration.ofMinutes(5));
        UpstreamServerException e =
                catchThrowableOfType(UpstreamServerException.class, () -> provider(config().retry(policy))
                        .complete(MINIMAL));
        assertThat(e.status()).isEqualTo(OptionalInt.of(503));
        assertThat(e.getMessage()).contains("openai-responses").contains("upstream unavailable");
        assertThat(upstream.received).hasSize(3);
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void authenticationAndBadRequestsAreNotRetriedAndNeverShowTheKey() {
        upstream.then(status(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}"));
        AuthenticationException auth = catchThrowableOfType(
                AuthenticationException.class, () -> provider().complete(MINIMAL));
        assertThat(auth.getMessage()).doesNotContain(KEY);
        upstream.then(status(400, "{\"error\":{\"message\":\"Unsupported parameter: 'temperature'\"}}"));
        BadRequestException bad = catchThrowableOfType(BadRequestException.class, () -> provider().stream(MINIMAL));
        assertThat(bad.detail()).isEqualTo("Unsupported parameter: 'temperature'");
        assertThat(upstream.received).hasSize(2);
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void anUpstreamThatDoesNotAnswerInTimeIsATimeout() {
        upstream.then(new FakeUpstream.Hang());
        LlmProvider p = provider(
                config().requestTimeout(Duration.ofMillis(300)).retry(RetryPolicy.none(Duration.ofSeconds(30))));
        assertThatThrownBy(() -> p.complete(MINIMAL)).isInstanceOf(ProviderTimeoutException.class);
    }

    @Test
    void theConfigurationNamesTheWireAndRefusesUnknownOnes() {
        assertThat(UpstreamApi.parse(" Responses ")).isEqualTo(UpstreamApi.RESPONSES);
        assertThat(UpstreamApi.parse("chat_completions")).isEqualTo(UpstreamApi.CHAT_COMPLETIONS);
        assertThatThrownBy(() -> UpstreamApi.parse("completions"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chat_completions")
                .hasMessageContaining("responses")
                .hasMessageContaining("'completions'");
        assertThat(OpenAiCompatibleConfig.fromEnvironment(
                                Map.of("LUKHAS_UPSTREAM_URL", "http://x/v1", "LUKHAS_UPSTREAM_API", "responses"))
                        .orElseThrow()
                        .api())
                .isEqualTo(UpstreamApi.RESPONSES);
        assertThat(provider().name()).isEqualTo("openai-responses");
    }

    static JsonNode json(String text) {
        try {
            return FakeUpstream.JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
