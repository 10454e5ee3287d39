package ai.lukhas.pwm.provider;

import ai.lukhas.pwm.check.Checks;
import java.util.Objects;

/**
 * A tool call the model asked for. {@code arguments} is the raw JSON text exactly as the model
 * produced it; it may be malformed, which is for governance to judge, not for the provider.
 *
 * <pre>{@code
 * new FunctionCall("call_1", "retrieve_knowledge", "{\"query\":\"tides\"}")
 * }</pre>
 */
public record FunctionCall(String id, String name, String arguments) {
    public FunctionCall {
        Checks.notBlank(id, "tool call id");
        Checks.notBlank(name, "tool call name");
        Objects.requireNonNull(arguments, "tool call arguments must not be null (use \"{}\")");
    }
}
