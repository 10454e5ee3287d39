package ai.lukhas.pwm.provider;

/**
 * One message of a chat conversation, in the four roles of the OpenAI Chat Completions format.
 *
 * <pre>{@code
 * List<ChatMessage> messages = List.of(new SystemMessage("Be brief."), new UserMessage("Hi"));
 * }</pre>
 */
public sealed interface ChatMessage permits SystemMessage, UserMessage, AssistantMessage, ToolMessage {
    /** The wire role: {@code system}, {@code user}, {@code assistant} or {@code tool}. */
    default String role() {
        return switch (this) {
            case SystemMessage m -> "system";
            case UserMessage m -> "user";
            case AssistantMessage m -> "assistant";
            case ToolMessage m -> "tool";
        };
    }
}
