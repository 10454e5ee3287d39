package ai.lukhas.pwm.provider;

import java.util.Objects;

/**
 * Instructions to the model ({@code role: system}).
 *
 * <pre>{@code
 * new SystemMessage("Answer in one sentence.")
 * }</pre>
 */
public record SystemMessage(String content) implements ChatMessage {
    public SystemMessage {
        Objects.requireNonNull(content, "system message content must not be null");
    }
}
