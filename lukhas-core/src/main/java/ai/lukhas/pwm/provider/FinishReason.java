package ai.lukhas.pwm.provider;

import java.util.Locale;

/**
 * Why the model stopped, with its OpenAI wire name.
 *
 * <pre>{@code
 * FinishReason.fromWire("tool_calls") // TOOL_CALLS
 * }</pre>
 */
public enum FinishReason {
    STOP("stop"),
    LENGTH("length"),
    TOOL_CALLS("tool_calls"),
    CONTENT_FILTER("content_filter");

    private final String wireName;

    FinishReason(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in the OpenAI wire format, e.g. {@code "tool_calls"}. */
    public String wireName() {
        return wireName;
    }

    /**
     * Reads a wire name. The legacy {@code function_call} counts as {@code tool_calls}; any other
     * unknown name (some compatible servers invent their own) counts as {@code stop}.
     */
    public static FinishReason fromWire(String wire) {
        String w = wire.toLowerCase(Locale.ROOT);
        for (FinishReason r : values()) {
            if (r.wireName.equals(w)) {
                return r;
            }
        }
        return w.equals("function_call") ? TOOL_CALLS : STOP;
    }
}
