package ai.lukhas.pwm.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LlmProvider} does, whatever is behind it: answer text, call tools, send tool
 * results back, stream the same answer it completes. Each provider's test class extends this.
 */
abstract class LlmProviderContract {
    /** The provider under test; the same instance for the whole test. */
    abstract LlmProvider provider();

    static FunctionDefinition retrieveKnowledge() throws IOException {
        return new FunctionDefinition(
                "retrieve_knowledge",
                "Search the knowledge base.",
                (ObjectNode)
                        FakeUpstream.JSON.readTree(
                                "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"}},\"required\":[\"query\"]}"));
    }

    @Test
    void answersWithText() {
        ChatResponse r = provider()
                .complete(ChatRequest.builder("any-model").user("say: hello").build());
        assertThat(r.message().content()).isPresent();
        assertThat(r.message().toolCalls()).isEmpty();
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.usage()).isPresent();
    }

    @Test
    void runsAToolLoop() throws IOException {
        ChatRequest ask = ChatRequest.builder("any-model")
                .user("call retrieve_knowledge with query=tides")
                .tools(List.of(retrieveKnowledge()))
                .build();
        ChatResponse calls = provider().complete(ask);
        assertThat(calls.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        FunctionCall call = calls.message().toolCalls().getFirst();
        assertThat(call.name()).isEqualTo("retrieve_knowledge");

        ChatResponse answer = provider()
                .complete(ask.toBuilder()
                        .message(calls.message())
                        .message(new ToolMessage(call.id(), "Tides follow the moon."))
                        .build());
        assertThat(answer.message().content().orElseThrow()).contains("Tides follow the moon.");
    }

    @Test
    void streamsWhatItCompletes() throws IOException {
        for (ChatRequest r : List.of(
                ChatRequest.builder("any-model")
                        .user("say: a longer answer, long enough to need several chunks")
                        .build(),
                ChatRequest.builder("any-model")
                        .user("call retrieve_knowledge with query=tides and call open_url with url=https://a.example")
                        .tools(List.of(retrieveKnowledge()))
                        .build())) {
            ChatResponse whole = provider().complete(r);
            ChatResponse streamed = provider().stream(r).collect();
            assertThat(streamed.message()).isEqualTo(whole.message());
            assertThat(streamed.finishReason()).isEqualTo(whole.finishReason());
            assertThat(streamed.usage()).isEqualTo(whole.usage());
        }
    }
}
