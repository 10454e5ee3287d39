package ai.lukhas.pwm.provider;

import static ai.lukhas.pwm.provider.FakeUpstream.cutSse;
import static ai.lukhas.pwm.provider.FakeUpstream.ok;
import static ai.lukhas.pwm.provider.FakeUpstream.sse;
import static ai.lukhas.pwm.provider.FakeUpstream.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The OpenAI-compatible provider against a real local server speaking the Chat Completions format. */
class OpenAiCompatibleProviderTest extends ProviderOverHttp {
    /** The smallest request: model {@code gpt-4o}, one user message. */
    private static final ChatRequest MINIMAL =
            ChatRequest.builder("gpt-4o").user("x").build();

    OpenAiCompatibleProviderTest() {
        super(PLAIN, "/v1/chat/completions");
    }

    static final String PLAIN = """
            {"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o-mini-2024-07-18",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Tides follow the moon."},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":21,"completion_tokens":5,"total_tokens":26}}""";

    static final String TOOL_CALLS = """
            {"id":"chatcmpl-2","model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":null,
              "tool_calls":[{"id":"call_a","type":"function","function":{"name":"retrieve_knowledge","arguments":"{\\"query\\":\\"tides\\"}"}},
                            {"id":"call_b","type":"function","function":{"name":"open_url","arguments":"{\\"url\\":\\"https://x.example\\"}"}}]},
              "finish_reason":"tool_calls"}],"usage":{"prompt_tokens":30,"completion_tokens":12,"total_tokens":42}}""";

    @Test
    void anAnswerWithoutAnIdGetsARandomOneAndAnAnswerWithOneKeepsIt() throws IOException {
        String noId = PLAIN.replace("\"id\":\"chatcmpl-1\",", "");
        String blankId = PLAIN.replace("\"id\":\"chatcmpl-1\"", "\"id\":\" \"");
        upstream.then(ok(noId)).then(ok(blankId)).then(ok(noId)).then(ok(PLAIN));

        String first = provider().complete(MINIMAL).id();
        String blank = provider().complete(MINIMAL).id();
        String second = provider().complete(MINIMAL).id();

        assertThat(List.of(first, blank, second))
                .allSatisfy(id -> assertThat(id).matches("chatcmpl-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}"));
        assertThat(first).isNotEqualTo(second);
        assertThat(provider().complete(MINIMAL).id()).isEqualTo("chatcmpl-1");
    }

    @Test
    void plainAnswerIsParsedAndEveryParameterIsMappedForAChatModel() throws IOException {
        upstream.then(ok(PLAIN));
        ChatRequest request = ChatRequest.builder("gpt-4o-mini")
                .preamble("Be careful.")
                .system("You answer questions about the sea.")
                .user("What causes tides?")
                .temperature(0.3)
                .topP(0.9)
                .maxOutputTokens(256)
                .reasoningEffort(0.9)
                .tools(List.of(LlmProviderContract.retrieveKnowledge()))
                .stopSequences(List.of("\nEND", "###"))
                .build();

        ChatResponse response = provider().complete(request);

        assertThat(response.id()).isEqualTo("chatcmpl-1");
        assertThat(response.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(response.message().content()).contains("Tides follow the moon.");
        assertThat(response.message().toolCalls()).isEmpty();
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.usage()).contains(new Usage(21, 5, 26));

        FakeUpstream.Received got = upstream.received.getFirst();
        assertThat(got.path()).isEqualTo("/v1/chat/completions");
        assertThat(got.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(got.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = got.body();
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(body.path("messages")).hasSize(3);
        assertThat(body.path("messages").get(0).toString())
                .isEqualTo("{\"role\":\"system\",\"content\":\"Be careful.\"}");
        assertThat(body.path("messages").get(1).path("content").asText())
                .isEqualTo("You answer questions about the sea.");
        assertThat(body.path("messages").get(2).toString())
                .isEqualTo("{\"role\":\"user\",\"content\":\"What causes tides?\"}");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(body.path("top_p").asDouble()).isEqualTo(0.9);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(256);
        assertThat(body.has("max_completion_tokens")).isFalse();
        assertThat(body.has("reasoning_effort"))
                .as("omitted for non-reasoning models")
                .isFalse();
        assertThat(body.path("tool_choice").asText()).isEqualTo("auto");
        assertThat(body.path("tools").toString())
                .isEqualTo("[{\"type\":\"function\",\"function\":{\"name\":\"retrieve_knowledge\","
                        + "\"description\":\"Search the knowledge base.\",\"parameters\":{\"type\":\"object\","
                        + "\"properties\":{\"query\":{\"type\":\"string\"}},\"required\":[\"query\"]}}}]");
        assertThat(body.path("stop").toString()).isEqualTo("[\"\\nEND\",\"###\"]");
        assertThat(body.has("stream")).isFalse();
    }

    @Test
    void reasoningModelsGetMaxCompletionTokensAndReasoningEffortButNoSamplingParameters() {
        upstream.then(ok(PLAIN));
        LlmProvider provider = provider();
        for (String model : List.of("o3-mini", "o1", "gpt-5", "gpt-5-mini", "openai/o4-mini")) {
            provider.complete(ChatRequest.builder(model)
                    .user("hi")
                    .temperature(0.2)
                    .topP(0.5)
                    .maxOutputTokens(100)
                    .reasoningEffort(0.8)
                    .build());
            JsonNode body = upstream.lastBody();
            assertThat(body.path("max_completion_tokens").asInt()).as(model).isEqualTo(100);
            assertThat(body.has("max_tokens")).as(model).isFalse();
            assertThat(body.path("reasoning_effort").asText()).as(model).isEqualTo("high");
            assertThat(body.has("temperature")).as(model).isFalse();
            assertThat(body.has("top_p")).as(model).isFalse();
        }
        for (String model : List.of("gpt-4o", "gpt-5-chat-latest", "llama3.1:8b", "omni-model")) {
            provider.complete(ChatRequest.builder(model)
                    .user("hi")
                    .maxOutputTokens(100)
                    .reasoningEffort(0.8)
                    .build());
            assertThat(upstream.lastBody().path("max_tokens").asInt()).as(model).isEqualTo(100);
            assertThat(upstream.lastBody().has("reasoning_effort")).as(model).isFalse();
        }
    }

    @Test
    void theModelPredicatesAreConfigurable() {
        upstream.then(ok(PLAIN));
        LlmProvider provider = provider(config().maxCompletionTokensModels(m -> m.startsWith("qwen"))
                .reasoningModels(m -> m.equals("qwen3-thinking")));
        provider.complete(ChatRequest.builder("qwen3-thinking")
                .user("hi")
                .maxOutputTokens(64)
                .reasoningEffort(0.5)
                .build());
        assertThat(upstream.lastBody().path("max_completion_tokens").asInt()).isEqualTo(64);
        assertThat(upstream.lastBody().path("reasoning_effort").asText()).isEqualTo("medium");
        provider.complete(
                ChatRequest.builder("o3").user("hi").maxOutputTokens(64).build());
        assertThat(upstream.lastBody().path("max_tokens").asInt()).isEqualTo(64);
    }

    @Test
    void reasoningEffortMapsToThreeLevels() {
        assertThat(OpenAiWire.effortLevel(0.0)).isEqualTo("low");
        assertThat(OpenAiWire.effortLevel(0.33)).isEqualTo("low");
        assertThat(OpenAiWire.effortLevel(0.34)).isEqualTo("medium");
        assertThat(OpenAiWire.effortLevel(0.66)).isEqualTo("medium");
        assertThat(OpenAiWire.effortLevel(0.67)).isEqualTo("high");
        assertThat(OpenAiWire.effortLevel(1.0)).isEqualTo("high");
    }

    @Test
    void toolCallsAreParsedAndTheToolLoopHistoryIsSentBack() throws IOException {
        upstream.then(ok(TOOL_CALLS)).then(ok(PLAIN));
        LlmProvider provider = provider();
        ChatRequest first = ChatRequest.builder("gpt-4o-mini")
                .user("What causes tides?")
                .tools(List.of(LlmProviderContract.retrieveKnowledge()))
                .build();

        ChatResponse calls = provider.complete(first);

        assertThat(calls.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(calls.message().content()).isEmpty();
        assertThat(calls.message().toolCalls())
                .containsExactly(
                        new FunctionCall("call_a", "retrieve_knowledge", "{\"query\":\"tides\"}"),
                        new FunctionCall("call_b", "open_url", "{\"url\":\"https://x.example\"}"));

        ChatRequest second = first.toBuilder()
                .message(calls.message())
                .message(new ToolMessage("call_a", "Tides follow the moon."))
                .message(new ToolMessage("call_b", "blocked: open_url was not offered"))
                .build();
        provider.complete(second);

        JsonNode messages = upstream.lastBody().path("messages");
        assertThat(messages).hasSize(4);
        assertThat(messages.get(1).toString())
                .isEqualTo("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
                        + "{\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"retrieve_knowledge\","
                        + "\"arguments\":\"{\\\"query\\\":\\\"tides\\\"}\"}},"
                        + "{\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"open_url\","
                        + "\"arguments\":\"{\\\"url\\\":\\\"https://x.example\\\"}\"}}]}");
        assertThat(messages.get(2).toString())
                .isEqualTo("{\"role\":\"tool\",\"tool_call_id\":\"call_a\",\"content\":\"Tides follow the moon.\"}");
    }

    @Test
    void aNamedToolChoiceIsSentAsAFunctionObject() throws IOException {
        upstream.then(ok(TOOL_CALLS));
        provider()
                .complete(ChatRequest.builder("gpt-4o")
                        .user("x")
                        .tools(List.of(LlmProviderContract.retrieveKnowledge()))
                        .toolChoice(new ToolChoice.Function("retrieve_knowledge"))
                        .build());
        assertThat(upstream.lastBody().path("tool_choice").toString())
                .isEqualTo("{\"type\":\"function\",\"function\":{\"name\":\"retrieve_knowledge\"}}");
    }

    @Test
    void withoutToolsNeitherToolsNorToolChoiceIsSent() {
        upstream.then(ok(PLAIN));
        provider().complete(MINIMAL);
        assertThat(upstream.lastBody().has("tools")).isFalse();
        assertThat(upstream.lastBody().has("tool_choice")).isFalse();
        assertThat(upstream.lastBody().has("stop")).isFalse();
        assertThat(upstream.lastBody().has("temperature")).isFalse();
    }

    static String chunk(String delta, String finish) {
        return "{\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
                + "\"delta\":" + delta + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"")
                + "}],\"usage\":null}";
    }

    static final String USAGE_CHUNK = "{\"id\":\"chatcmpl-s\",\"model\":\"gpt-4o-mini\",\"choices\":[],"
            + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":4,\"total_tokens\":13}}";

    @Test
    void streamsContentDeltaByDeltaUntilDone() {
        upstream.then(sse(
                chunk("{\"role\":\"assistant\",\"content\":\"\"}", null),
                chunk("{\"content\":\"Tides \"}", null),
                chunk("{\"content\":\"follow \"}", null),
                chunk("{\"content\":\"the moon.\"}", null),
                chunk("{}", "stop"),
                USAGE_CHUNK));

        List<ChatDelta> deltas = new ArrayList<>();
        try (ChatStream stream = provider().stream(
                ChatRequest.builder("gpt-4o-mini").user("tides?").build())) {
            for (Optional<ChatDelta> d = stream.next(); d.isPresent(); d = stream.next()) {
                deltas.add(d.get());
            }
            assertThat(stream.next()).isEmpty();
        }

        assertThat(deltas)
                .containsExactly(
                        new ChatDelta.Started("chatcmpl-s", "gpt-4o-mini"),
                        new ChatDelta.Content("Tides "),
                        new ChatDelta.Content("follow "),
                        new ChatDelta.Content("the moon."),
                        new ChatDelta.Finished(FinishReason.STOP),
                        new ChatDelta.UsageReport(new Usage(9, 4, 13)));
        JsonNode body = upstream.lastBody();
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("stream_options").toString()).isEqualTo("{\"include_usage\":true}");
        assertThat(upstream.received.getFirst().header("Accept")).isEqualTo("text/event-stream");
    }

    @Test
    void anAzurePromptFilterChunkWithoutIdDoesNotStartTheStream() {
        upstream.then(sse(
                "{\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\","
                        + "\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{}}]}",
                chunk("{\"content\":\"ok\"}", "stop")));
        ChatStream stream = provider().stream(MINIMAL);
        assertThat(stream.next()).contains(new ChatDelta.Started("chatcmpl-s", "gpt-4o-mini"));
        assertThat(stream.next()).contains(new ChatDelta.Content("ok"));
    }

    @Test
    void streamedToolCallDeltasAreAssembledByIndex() {
        upstream.then(sse(
                chunk(
                        "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_a\","
                                + "\"type\":\"function\",\"function\":{\"name\":\"retrieve_knowledge\",\"arguments\":\"\"}}]}",
                        null),
                chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"que\"}}]}", null),
                chunk(
                        "{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\","
                                + "\"function\":{\"name\":\"open_url\",\"arguments\":\"{\\\"url\\\":\"}}]}",
                        null),
                chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"ry\\\":\\\"tides\\\"}\"}}]}", null),
                chunk(
                        "{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"\\\"https://x.example\\\"}\"}}]}",
                        null),
                chunk("{}", "tool_calls"),
                USAGE_CHUNK));

        ChatResponse assembled = provider().stream(
                        ChatRequest.builder("gpt-4o-mini").user("x").build())
                .collect();

        assertThat(assembled.message().toolCalls())
                .containsExactly(
                        new FunctionCall("call_a", "retrieve_knowledge", "{\"query\":\"tides\"}"),
                        new FunctionCall("call_b", "open_url", "{\"url\":\"https://x.example\"}"));
        assertThat(assembled.message().content()).isEmpty();
        assertThat(assembled.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(assembled.usage()).contains(new Usage(9, 4, 13));
    }

    @Test
    void closingAStreamEarlyEndsItAndTheProviderStaysUsable() {
        upstream.then(sse(chunk("{\"content\":\"a\"}", null), chunk("{\"content\":\"b\"}", "stop")))
                .then(ok(PLAIN));
        LlmProvider provider = provider();
        ChatStream stream = provider.stream(MINIMAL);
        assertThat(stream.next()).containsInstanceOf(ChatDelta.Started.class);
        stream.close();
        assertThat(stream.next()).isEmpty();
        assertThat(provider.complete(MINIMAL).message().content()).contains("Tides follow the moon.");
    }

    @Test
    void aStreamCutOffBeforeItFinishesFailsAsANetworkError() {
        upstream.then(cutSse(chunk("{\"content\":\"Tides \"}", null)));
        ChatStream stream = provider().stream(MINIMAL);
        assertThat(stream.next()).containsInstanceOf(ChatDelta.Started.class);
        assertThat(stream.next()).contains(new ChatDelta.Content("Tides "));
        assertThatThrownBy(stream::next)
                .isInstanceOf(ProviderNetworkException.class)
                .hasMessageContaining("ended before a finish_reason");
        assertThat(stream.next()).isEmpty();
    }

    @Test
    void anErrorInsideTheStreamIsAnUpstreamError() {
        upstream.then(cutSse(
                chunk("{\"content\":\"Ti\"}", null),
                "{\"error\":{\"message\":\"model overloaded\",\"type\":\"server_error\"}}"));
        ChatStream stream = provider().stream(MINIMAL);
        stream.next();
        stream.next();
        assertThatThrownBy(stream::next)
                .isInstanceOf(UpstreamServerException.class)
                .hasMessageContaining("model overloaded");
    }

    @Test
    void retryAfterAsAnHttpDateIsMeasuredWithTheInjectedClock() {
        String date =
                DateTimeFormatter.RFC_1123_DATE_TIME.format(T0.plusSeconds(12).atOffset(ZoneOffset.UTC));
        upstream.then(status(429, Map.of("Retry-After", date), "{}")).then(ok(PLAIN));
        provider().complete(MINIMAL);
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(12));
    }

    @Test
    void retryAfterMsTakesPrecedence() {
        upstream.then(status(429, Map.of("retry-after-ms", "250", "Retry-After", "1"), "{}"))
                .then(ok(PLAIN));
        provider().complete(MINIMAL);
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(250));
    }

    @Test
    void aRetryAfterBeyondTheDeadlineIsNotWaitedFor() {
        upstream.then(status(429, Map.of("Retry-After", "120"), "{\"error\":{\"message\":\"slow down\"}}"));
        RateLimitedException e = catchThrowableOfType(
                RateLimitedException.class, () -> provider().complete(MINIMAL));
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
        assertThat(e.retriable()).isTrue();
        assertThat(e.status()).isEqualTo(OptionalInt.of(429));
        assertThat(upstream.received).hasSize(1);
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void anExhaustedQuotaIsNotRetriedLikeARateLimit() {
        upstream.then(status(
                429,
                Map.of("Retry-After", "1"),
                "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\","
                        + "\"code\":\"insufficient_quota\"}}"));
        QuotaExceededException e = catchThrowableOfType(
                QuotaExceededException.class, () -> provider().complete(MINIMAL));
        assertThat(e).isInstanceOf(NonRetriableProviderException.class);
        assertThat(e.status()).isEqualTo(OptionalInt.of(429));
        assertThat(e.detail()).isEqualTo("You exceeded your current quota");
        assertThat(upstream.received).hasSize(1);
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void serverErrorsUntilTheDeadlineEndInATypedRetriableException() {
        upstream.then(status(500, "{\"error\":{\"message\":\"The server had an error\"}}"));
        RetryPolicy policy =
                new RetryPolicy(50, Duration.ofSeconds(1), Duration.ofSeconds(8), 2.0, 0.5, Duration.ofSeconds(20));

        Throwable thrown = catchThrowableOfType(
                ProviderException.class, () -> provider(config().retry(policy)).complete(MINIMAL));

        assertThat(thrown).isInstanceOf(UpstreamServerException.class).isInstanceOf(RetriableProviderException.class);
        UpstreamServerException e = (UpstreamServerException) thrown;
        assertThat(e.status()).isEqualTo(OptionalInt.of(500));
        assertThat(e.detail()).isEqualTo("The server had an error");
        // backoff 1, 2, 4, 8, 8 s (capped) less half of the 0.5 jitter; at 17.25 s another 6 s would pass 20 s
        assertThat(clock.sleeps())
                .containsExactly(
                        Duration.ofMillis(750),
                        Duration.ofMillis(1500),
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(6),
                        Duration.ofSeconds(6));
        assertThat(upstream.received).hasSize(6);
        assertThat(e.attempts()).isEqualTo(6);
        assertThat(e.getMessage()).contains("HTTP 500").contains("after 6 attempts");
        assertThat(Duration.between(T0, clock.instant())).isLessThanOrEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void retriesStopAtMaxAttempts() {
        upstream.then(status(503, "upstream unavailable"));
        RetryPolicy policy =
                new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(8), 2.0, 0, Duration.ofMinutes(5));
        assertThatThrownBy(() -> provider(config().retry(policy)).complete(MINIMAL))
                .isInstanceOf(UpstreamServerException.class)
                .hasMessageContaining("upstream unavailable");
        assertThat(upstream.received).hasSize(3);
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void unauthorizedIsNotRetriedAndNeverShowsTheKey() {
        upstream.then(status(
                401,
                "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY
                        + ". You can find your API key at https://platform.openai.com/account/api-keys.\","
                        + "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));

        AuthenticationException e = catchThrowableOfType(
                AuthenticationException.class, () -> provider().complete(MINIMAL));

        assertThat(e).isInstanceOf(NonRetriableProviderException.class);
        assertThat(e.retriable()).isFalse();
        assertThat(e.status()).isEqualTo(OptionalInt.of(401));
        assertThat(e.getMessage()).contains("Incorrect API key provided").doesNotContain(KEY);
        assertThat(e.detail()).doesNotContain(KEY).contains("[REDACTED:API_KEY]");
        assertThat(upstream.received).hasSize(1);
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void forbiddenIsAnAuthenticationFailure() {
        upstream.then(status(403, "{\"error\":\"region not supported\"}"));
        assertThatThrownBy(() -> provider().complete(MINIMAL))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("region not supported");
    }

    @Test
    void badRequestsCarryTheUpstreamDetailAndAreNotRetried() {
        for (int status : new int[] {400, 404, 422}) {
            upstream.then(status(status, "{\"error\":{\"message\":\"Unsupported parameter: 'temperature'\"}}"));
            BadRequestException e = catchThrowableOfType(
                    BadRequestException.class, () -> provider().complete(MINIMAL));
            assertThat(e.status()).isEqualTo(OptionalInt.of(status));
            assertThat(e.detail()).isEqualTo("Unsupported parameter: 'temperature'");
        }
        assertThat(upstream.received).hasSize(3);
    }

    @Test
    void aStreamIsRetriedBeforeItsFirstDelta() {
        upstream.then(status(429, Map.of("Retry-After", "2"), "{}"))
                .then(status(502, "<html>Bad gateway</html>"))
                .then(sse(chunk("{\"content\":\"ok\"}", "stop")));
        ChatResponse r = provider(config().retry(new RetryPolicy(
                        4, Duration.ofSeconds(1), Duration.ofSeconds(8), 2.0, 0, Duration.ofSeconds(30))))
                .stream(MINIMAL)
                .collect();
        assertThat(r.message().content()).contains("ok");
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    @Test
    void aStreamOpenedAgainstAnAuthFailureThrowsAtOnce() {
        upstream.then(status(401, "{\"error\":{\"message\":\"bad key\"}}"));
        assertThatThrownBy(() -> provider().stream(MINIMAL))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("bad key");
    }

    @Test
    void aRefusedConnectionIsARetriableNetworkError() {
        FakeUpstream gone = new FakeUpstream();
        URI base = gone.baseUrl();
        gone.close();
        RetryPolicy policy =
                new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(8), 2.0, 0, Duration.ofMinutes(1));
        LlmProvider provider = provider(OpenAiCompatibleConfig.builder(base).retry(policy));
        assertThatThrownBy(() -> provider.complete(MINIMAL))
                .isInstanceOf(ProviderNetworkException.class)
                .hasMessageContaining("after 3 attempts");
        assertThat(clock.sleeps()).hasSize(2);
    }

    @Test
    void anUpstreamThatDoesNotAnswerInTimeIsATimeout() {
        upstream.then(new FakeUpstream.Hang());
        LlmProvider provider = provider(
                config().requestTimeout(Duration.ofMillis(300)).retry(RetryPolicy.none(Duration.ofSeconds(30))));
        assertThatThrownBy(() -> provider.complete(MINIMAL))
                .isInstanceOf(ProviderTimeoutException.class)
                .isInstanceOf(RetriableProviderException.class);
    }

    @Test
    void aSuccessfulStatusWithoutChatCompletionJsonIsMalformed() {
        upstream.then(ok("<html>login page</html>"));
        assertThatThrownBy(() -> provider().complete(MINIMAL))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("not JSON");
        upstream.then(ok("{\"object\":\"list\",\"data\":[]}"));
        assertThatThrownBy(() -> provider().complete(MINIMAL))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("no choices[0]");
    }

    @Test
    void azureStyleSendsTheKeyInTheApiKeyHeaderAndTheApiVersionAsAQueryParameter() {
        upstream.then(ok(PLAIN));
        URI deployment = URI.create("http://127.0.0.1:" + upstream.port() + "/openai/deployments/gpt4o/");
        provider(OpenAiCompatibleConfig.builder(deployment)
                        .apiKey(KEY)
                        .apiKeyStyle(OpenAiCompatibleConfig.ApiKeyStyle.API_KEY_HEADER)
                        .queryParameter("api-version", "2024-10-21"))
                .complete(MINIMAL);
        FakeUpstream.Received got = upstream.received.getFirst();
        assertThat(got.path()).isEqualTo("/openai/deployments/gpt4o/chat/completions");
        assertThat(got.query()).isEqualTo("api-version=2024-10-21");
        assertThat(got.header("api-key")).isEqualTo(KEY);
        assertThat(got.header("Authorization")).isNull();
    }

    @Test
    void aKeylessServerGetsNoAuthorizationHeader() {
        upstream.then(ok(PLAIN));
        provider(OpenAiCompatibleConfig.builder(upstream.baseUrl()))
                .complete(ChatRequest.builder("llama3.1").user("x").build());
        assertThat(upstream.received.getFirst().header("Authorization")).isNull();
    }
}
