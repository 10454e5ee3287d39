package ai.lukhas.pwm.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lukhas.pwm.testing.MutableClock;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Validation of the request types and configuration, and the one error-mapping place. */
class ProviderTypesTest {
    @Test
    void requestsRejectOutOfRangeParametersNamingThem() {
        assertThatThrownBy(() ->
                        ChatRequest.builder("m").user("x").temperature(2.5).build())
                .hasMessage("temperature must be a number in [0.0, 2.0], but was 2.5");
        assertThatThrownBy(() -> ChatRequest.builder("m").user("x").topP(-0.1).build())
                .hasMessage("top_p must be a number in [0.0, 1.0], but was -0.1");
        assertThatThrownBy(() ->
                        ChatRequest.builder("m").user("x").maxOutputTokens(0).build())
                .hasMessage("max output tokens must be >= 1, but was 0");
        assertThatThrownBy(() -> ChatRequest.builder("m")
                        .user("x")
                        .reasoningEffort(Double.NaN)
                        .build())
                .hasMessage("reasoning effort must be a number in [0.0, 1.0], but was NaN");
        assertThatThrownBy(() -> ChatRequest.builder("m").build())
                .hasMessage("messages must contain at least one message, but was empty");
        assertThatThrownBy(() -> ChatRequest.builder(" ").user("x").build())
                .hasMessage("model must not be blank, but was \" \"");
        assertThatThrownBy(() -> ChatRequest.builder("m")
                        .user("x")
                        .stopSequences(List.of(""))
                        .build())
                .hasMessageContaining("stop sequences must not be empty strings");
    }

    @Test
    void toolDefinitionsAreImmutableAndNamedLikeOpenAiFunctions() throws Exception {
        ObjectNode schema = (ObjectNode) FakeUpstream.JSON.readTree("{\"type\":\"object\"}");
        FunctionDefinition t = new FunctionDefinition("open_url", "", schema);
        schema.put("type", "string");
        t.parameters().put("extra", 1);
        assertThat(t.parameters().toString()).isEqualTo("{\"type\":\"object\"}");
        assertThatThrownBy(() -> new FunctionDefinition("open url", "", schema))
                .hasMessageContaining("tool name must match [A-Za-z0-9_-]{1,64}")
                .hasMessageContaining("\"open url\"");
        assertThatThrownBy(() ->
                        ChatRequest.builder("m").user("x").tools(List.of(t, t)).build())
                .hasMessage("tools must have distinct names, but were [open_url, open_url]");
    }

    /** Few tools are compared in pairs, more than 16 through a set: a repeated name is refused either way. */
    @Test
    void repeatedToolNamesAreRefusedAmongFewAndManyTools() throws Exception {
        ObjectNode schema = (ObjectNode) FakeUpstream.JSON.readTree("{\"type\":\"object\"}");
        for (int n : new int[] {1, 2, 3, 16, 17, 40}) {
            List<FunctionDefinition> distinct = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                distinct.add(new FunctionDefinition("t" + i, "", schema));
            }
            assertThat(ChatRequest.builder("m")
                            .user("x")
                            .tools(distinct)
                            .build()
                            .tools())
                    .hasSize(n);
            for (int i = 0; i < n; i++) {
                List<FunctionDefinition> repeated = new java.util.ArrayList<>(distinct);
                repeated.add(new FunctionDefinition("t" + i, "again", schema));
                assertThatThrownBy(() -> ChatRequest.builder("m")
                                .user("x")
                                .tools(repeated)
                                .build())
                        .as("%d tools, t%d twice", n + 1, i)
                        .hasMessageStartingWith("tools must have distinct names");
            }
        }
    }

    @Test
    void configRejectsBadUrlsAndNeverPrintsTheKey() {
        assertThatThrownBy(() -> OpenAiCompatibleConfig.builder(URI.create("localhost:8080"))
                        .build())
                .hasMessageContaining("baseUrl must be an absolute http(s) URL");
        assertThatThrownBy(() -> OpenAiCompatibleConfig.builder(URI.create("http://h/v1?x=1"))
                        .build())
                .hasMessageContaining("must not have a query");
        OpenAiCompatibleConfig c = OpenAiCompatibleConfig.builder(URI.create("https://api.openai.com/v1"))
                .apiKey("sk-secret-123")
                .build();
        assertThat(c.toString()).doesNotContain("sk-secret-123").contains("apiKey=(set)");
        assertThat(c.chatCompletionsUri()).isEqualTo(URI.create("https://api.openai.com/v1/chat/completions"));
        assertThatThrownBy(() -> OpenAiCompatibleConfig.builder(URI.create("https://h/v1"))
                        .apiKey("sk with space")
                        .build())
                .hasMessageNotContaining("sk with space");
    }

    @Test
    void theEnvironmentConfiguresAnUpstreamOnlyWhenABaseUrlIsSet() {
        assertThat(OpenAiCompatibleConfig.fromEnvironment(Map.of("LUKHAS_UPSTREAM_API_KEY", "k")))
                .isEmpty();
        OpenAiCompatibleConfig azure = OpenAiCompatibleConfig.fromEnvironment(Map.of(
                        "LUKHAS_UPSTREAM_URL", "https://r.openai.azure.com/openai/deployments/d",
                        "LUKHAS_UPSTREAM_API_KEY", "k",
                        "LUKHAS_UPSTREAM_AZURE_API_VERSION", "2024-10-21"))
                .orElseThrow();
        assertThat(azure.apiKeyStyle()).isEqualTo(OpenAiCompatibleConfig.ApiKeyStyle.API_KEY_HEADER);
        assertThat(azure.chatCompletionsUri())
                .isEqualTo(URI.create(
                        "https://r.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21"));
    }

    @Test
    void statusesMapToTheirTypesInOnePlace() {
        ProviderErrors errors = new ProviderErrors("p", Optional.of("sk-abc123"), new MutableClock(Instant.EPOCH));
        HttpHeaders none = HttpHeaders.of(Map.of(), (a, b) -> true);
        Map<Integer, Class<? extends ProviderException>> expected = Map.of(
                400, BadRequestException.class,
                401, AuthenticationException.class,
                403, AuthenticationException.class,
                404, BadRequestException.class,
                408, ProviderTimeoutException.class,
                422, BadRequestException.class,
                429, RateLimitedException.class,
                500, UpstreamServerException.class,
                503, UpstreamServerException.class,
                302, MalformedResponseException.class);
        expected.forEach((status, type) -> {
            ProviderException e = errors.forStatus(status, none, "{\"error\":{\"message\":\"no sk-abc123 here\"}}", 1);
            assertThat(e).as("HTTP " + status).isInstanceOf(type);
            assertThat(e.retriable()).isEqualTo(e instanceof RetriableProviderException);
            assertThat(e.getMessage()).doesNotContain("sk-abc123").contains("no [REDACTED:API_KEY] here");
        });
    }

    @Test
    void retryAfterParsing() {
        ProviderErrors errors =
                new ProviderErrors("p", Optional.empty(), new MutableClock(Instant.parse("2026-01-01T00:00:00Z")));
        assertThat(errors.parseRetryAfter("3")).contains(Duration.ofSeconds(3));
        assertThat(errors.parseRetryAfter("1.5")).contains(Duration.ofMillis(1500));
        assertThat(errors.parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT")).contains(Duration.ofSeconds(30));
        assertThat(errors.parseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT")).contains(Duration.ZERO);
        assertThat(errors.parseRetryAfter("soon")).isEmpty();
        assertThat(errors.parseRetryAfter("-1")).isEmpty();
    }

    @Test
    void anAssemblerToleratesRepeatedAndSplitToolNames() {
        ChatResponseAssembler a = new ChatResponseAssembler();
        a.accept(new ChatDelta.Started("id", "m"));
        a.accept(new ChatDelta.ToolCallFragment(0, Optional.of("c0"), Optional.of("open_url"), "{\"u"));
        a.accept(new ChatDelta.ToolCallFragment(0, Optional.of("c0"), Optional.of("open_url"), "rl\":1}"));
        a.accept(new ChatDelta.ToolCallFragment(1, Optional.of("c1"), Optional.of("retrieve_"), ""));
        a.accept(new ChatDelta.ToolCallFragment(1, Optional.empty(), Optional.of("knowledge"), "{}"));
        assertThat(a.response().message().toolCalls())
                .containsExactly(
                        new FunctionCall("c0", "open_url", "{\"url\":1}"),
                        new FunctionCall("c1", "retrieve_knowledge", "{}"));
        assertThat(a.response().finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }

    @Test
    void anAssemblerNeedsAStartAndCompleteToolCalls() {
        ChatResponseAssembler a = new ChatResponseAssembler();
        assertThatThrownBy(a::response).hasMessageContaining("never started");
        a.accept(new ChatDelta.Started("id", "m"));
        a.accept(new ChatDelta.ToolCallFragment(0, Optional.empty(), Optional.of("f"), "{}"));
        assertThatThrownBy(a::response).hasMessage("tool call at index 0 never received its id");
    }
}
