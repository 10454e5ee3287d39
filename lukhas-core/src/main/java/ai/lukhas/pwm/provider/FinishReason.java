package ai.lukhas.pwm.provider;

import ai.lukhas.pwm.check.WireName;
import java.util.Locale;

/**
 * Why the model stopped; its OpenAI wire name is its {@link WireName} ({@code "tool_calls"}).
 *
 * <pre>{@code
 * FinishReason.fromWire("tool_calls") // TOOL_CALLS
 * }</pre>
 */
public enum FinishReason implements WireName {
    STOP,
    LENGTH,
    TOOL_CALLS,
    CONTENT_FILTER;

    /**
     * Reads a wire name. The legacy {@code function_call} counts as {@code tool_calls}; any other
     * unknown name (some compatible servers invent their own) counts as {@code stop}.
     */
    public static FinishReason fromWire(String wire) {
        String w = wire.toLowerCase(Locale.ROOT);
        return WireName.parse(FinishReason.class, w).orElse(w.equals("function_call") ? TOOL_CALLS : STOP);
    }
}
