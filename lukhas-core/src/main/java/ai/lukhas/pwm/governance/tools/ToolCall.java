package ai.lukhas.pwm.governance.tools;

import ai.lukhas.pwm.check.Checks;

/**
 * A tool call exactly as the model produced it; nothing in it is trusted.
 *
 * <pre>{@code new ToolCall("call_1", "retrieve_knowledge", "{\"query\":\"refund policy\"}")}</pre>
 *
 * @param id the provider's call id (may be empty)
 * @param name the function name the model asked for, possibly one that does not exist
 * @param arguments the raw arguments string, possibly not JSON at all
 */
public record ToolCall(String id, String name, String arguments) {
    public ToolCall {
        Checks.nonNull("id, name, arguments", id, name, arguments);
    }
}
