package ai.lukhas.pwm.provider;

import java.util.Objects;

/**
 * What the end user wrote ({@code role: user}).
 *
 * <pre>{@code
 * new UserMessage("call retrieve_knowledge with query=tides")
 * }</pre>
 */
public record UserMessage(String content) implements ChatMessage {
    public UserMessage {
        Objects.requireNonNull(content, "user message content must not be null");
    }
}
