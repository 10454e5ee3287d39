package ai.lukhas.pwm.provider;

import ai.lukhas.pwm.check.Checks;
import java.util.Objects;

/**
 * The result of one tool call, sent back to the model ({@code role: tool}).
 *
 * <pre>{@code
 * new ToolMessage("call_1", "{\"passages\":[\"Tides follow the moon.\"]}")
 * }</pre>
 */
public record ToolMessage(String toolCallId, String content) implements ChatMessage {
    public ToolMessage {
        Checks.notBlank(toolCallId, "tool message toolCallId");
        Objects.requireNonNull(content, "tool message content must not be null");
    }
}
