package ai.lukhas.pwm.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK, pointed at the gateway, works unchanged: plain, streaming, tools. */
class OpenAiSdkCompatibilityTest extends GatewayTest {
    private static ChatCompletionCreateParams.Builder ask(String text) {
        return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage(text);
    }

    @Test
    void plainChatWithTheExtensionAndTheHeaders() {
        HttpResponseFor<ChatCompletion> raw = sdk().chat()
                .completions()
                .withRawResponse()
                .create(ask("hello")
                        .putAdditionalBodyProperty(
                                "lukhas", JsonValue.from(Map.of("session_id", "sdk-1", "user_id", "ann")))
                        .build());
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.headers().values("x-lukhas-audit-id")).hasSize(1);
        ChatCompletion c = raw.parse();
        assertThat(c.choices().get(0).message().content())
                .hasValueSatisfying(t -> assertThat(t).contains("lukhas-offline"));
        assertThat(c._additionalProperties()).containsKey("lukhas");
        assertThat(c._additionalProperties().get("lukhas").toString()).contains("sdk-1");
    }

    @Test
    void streamingDeliversTheTextInChunks() {
        StringBuilder text = new StringBuilder();
        int chunks = 0;
        try (StreamResponse<ChatCompletionChunk> s = sdk().chat()
                .completions()
                .createStreaming(ask("tell me about tides").build())) {
            for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) s.stream()::iterator) {
                chunks++;
                chunk.choices().forEach(ch -> ch.delta().content().ifPresent(text::append));
            }
        }
        assertThat(chunks).isGreaterThan(2);
        assertThat(text.toString()).contains("lukhas-offline");
    }

    @Test
    void theGatewaysErrorMessageSurfacesInTheSdksExceptions() {
        OpenAIClient wrongKey = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + gw.server.port() + "/v1")
                .apiKey("sk-not-a-key")
                .maxRetries(0)
                .build();
        try {
            assertThatThrownBy(() ->
                            wrongKey.chat().completions().create(ask("hello").build()))
                    .isInstanceOf(UnauthorizedException.class)
                    .hasMessageContaining("the API key is unknown, revoked or malformed")
                    .satisfies(
                            e -> assertThat(((UnauthorizedException) e).code()).contains("invalid_api_key"));
        } finally {
            wrongKey.close();
        }
        assertThatThrownBy(() -> sdk().chat()
                        .completions()
                        .create(ask("hello")
                                .stopOfStrings(List.of("a", "b", "c", "d", "e"))
                                .build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("stop must have at most 4 items, but had 5")
                .satisfies(e -> assertThat(((BadRequestException) e).param()).contains("stop"));
        assertThatThrownBy(() -> sdk().models().retrieve("gpt-5-imaginary"))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("does not exist here");
    }

    @Test
    void embeddingsComeBackOnePerInput() {
        CreateEmbeddingResponse e = sdk().embeddings()
                .create(EmbeddingCreateParams.builder()
                        .model("text-embedding-3-small")
                        .inputOfArrayOfStrings(List.of("tides", "moon"))
                        .build());
        assertThat(e.data()).hasSize(2);
        assertThat(e.data().get(0).embedding()).hasSize(16);
        // the offline provider is deterministic: the same text gives the same vector
        CreateEmbeddingResponse again = sdk().embeddings()
                .create(EmbeddingCreateParams.builder()
                        .model("text-embedding-3-small")
                        .input("tides")
                        .build());
        assertThat(again.data().get(0).embedding()).isEqualTo(e.data().get(0).embedding());
    }

    @Test
    void clientToolsComeBackAsToolCallsForTheClientToRun() {
        ChatCompletionFunctionTool lookup = ChatCompletionFunctionTool.builder()
                .function(FunctionDefinition.builder()
                        .name("lookup_order")
                        .description("Look up an order by id.")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty(
                                        "properties", JsonValue.from(Map.of("id", Map.of("type", "string"))))
                                .putAdditionalProperty("required", JsonValue.from(List.of("id")))
                                .build())
                        .build())
                .build();
        ChatCompletion c = sdk().chat()
                .completions()
                .create(ask("call lookup_order with id=42").addTool(lookup).build());
        List<ChatCompletionMessageToolCall> calls =
                c.choices().get(0).message().toolCalls().orElseThrow();
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).asFunction().function().name()).isEqualTo("lookup_order");
        assertThat(calls.get(0).asFunction().function().arguments()).contains("42");
        assertThat(c.choices().get(0).finishReason().asString()).isEqualTo("tool_calls");
    }
}
