package ai.lukhas.pwm.provider;

import ai.lukhas.pwm.check.Checks;

/**
 * Whether and which tool the model must call, as in OpenAI's {@code tool_choice}. Only sent when
 * tools are offered; the default is {@link #AUTO}.
 *
 * <pre>{@code
 * ToolChoice.AUTO;                                  // "auto"
 * new ToolChoice.Function("retrieve_knowledge");    // {"type":"function","function":{"name":...}}
 * }</pre>
 */
public sealed interface ToolChoice {
    /** The model decides ({@code "auto"}). */
    ToolChoice AUTO = new Mode("auto");
    /** The model must not call a tool ({@code "none"}). */
    ToolChoice NONE = new Mode("none");
    /** The model must call some tool ({@code "required"}). */
    ToolChoice REQUIRED = new Mode("required");

    /** One of the string choices: {@code auto}, {@code none}, {@code required}. */
    record Mode(String wireName) implements ToolChoice {
        public Mode {
            if (!wireName.equals("auto") && !wireName.equals("none") && !wireName.equals("required")) {
                throw new IllegalArgumentException(
                        "tool_choice mode must be one of auto, none, required, but was \"" + wireName + "\"");
            }
        }
    }

    /** The model must call this function. */
    record Function(String name) implements ToolChoice {
        public Function {
            Checks.notBlank(name, "tool_choice function name");
        }
    }
}
