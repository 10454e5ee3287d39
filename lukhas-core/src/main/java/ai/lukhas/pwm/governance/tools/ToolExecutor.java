package ai.lukhas.pwm.governance.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Runs one tool. Only {@link ToolGate} calls it, and only with arguments that already passed the
 * tool's JSON Schema; the gate also enforces the timeout and the output cap.
 *
 * <pre>{@code
 * ToolExecutor echo = (arguments, context) -> new ToolOutcome.Output(arguments.path("text").asText());
 * }</pre>
 */
@FunctionalInterface
public interface ToolExecutor {
    /**
     * Executes the call. A problem the model can fix (a bad date, an unreachable URL) is a {@link
     * ToolOutcome.Error}; an exception means a bug or broken infrastructure. Implementations should
     * stop promptly when their thread is interrupted (the gate interrupts on timeout).
     */
    ToolOutcome execute(JsonNode arguments, ToolContext context) throws Exception;

    /** Why this executor cannot run here (e.g. no sandbox), or empty when it can. */
    default Optional<String> unavailableReason() {
        return Optional.empty();
    }
}
