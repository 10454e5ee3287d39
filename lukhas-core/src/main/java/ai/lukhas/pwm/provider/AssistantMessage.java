package ai.lukhas.pwm.provider;

import ai.lukhas.pwm.check.Checks;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the model answered ({@code role: assistant}): text, tool calls, or both. Appears in
 * responses and, as history, in requests of a tool loop.
 *
 * <pre>{@code
 * AssistantMessage.text("Hello.");
 * AssistantMessage.toolCalls(List.of(new FunctionCall("call_1", "open_url", "{\"url\":\"https://a.example\"}")));
 * }</pre>
 */
public record AssistantMessage(Optional<String> content, List<FunctionCall> toolCalls) implements ChatMessage {
    public AssistantMessage {
        Objects.requireNonNull(content, "assistant content must not be null (use Optional.empty())");
        toolCalls = Checks.listOf(toolCalls, "assistant toolCalls");
    }

    /** An answer with text only. */
    public static AssistantMessage text(String content) {
        return new AssistantMessage(Optional.of(content), List.of());
    }

    /** An answer that only calls tools. */
    public static AssistantMessage toolCalls(List<FunctionCall> calls) {
        return new AssistantMessage(Optional.empty(), calls);
    }

    /** True when the model asked for at least one tool call. */
    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }
}
