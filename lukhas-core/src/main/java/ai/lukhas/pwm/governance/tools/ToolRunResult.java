package ai.lukhas.pwm.governance.tools;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.check.WireName;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * What became of one tool call after {@link ToolGate#run}: completed, failed, blocked, or handed back
 * to the application (client-side tools).
 *
 * <pre>{@code
 * String reply = switch (gate.run(offer, call, context)) {
 *     case ToolRunResult.Completed c -> c.output();
 *     case ToolRunResult.Failed f -> f.toolMessage();
 *     case ToolRunResult.Blocked b -> b.decision().toolMessage();
 *     case ToolRunResult.ClientSide cs -> application.run(cs);
 * };
 * }</pre>
 */
public sealed interface ToolRunResult {
    /** The function name of the call. */
    String tool();

    /** The executor returned output (cut to the tool's cap when {@code truncated}). */
    record Completed(String tool, String output, boolean truncated) implements ToolRunResult {
        public Completed {
            Checks.nonNull("tool, output", tool, output);
        }
    }

    /** The call was allowed but did not produce output; {@code message} is told to the model. */
    record Failed(String tool, Kind kind, String message) implements ToolRunResult {
        public Failed {
            Checks.nonNull("tool, kind, message", tool, kind, message);
        }

        public String toolMessage() {
            return message;
        }

        /** How the execution failed. */
        public enum Kind implements WireName {
            /** The executor reported a problem the model can act on (bad date, unreachable URL). */
            TOOL_ERROR,
            /** The executor exceeded its timeout and was interrupted. */
            TIMEOUT,
            /** The executor threw: a bug or broken infrastructure (logged). */
            CRASHED;
        }
    }

    /** The call failed a governance check and nothing ran. */
    record Blocked(ToolCallDecision.Blocked decision) implements ToolRunResult {
        public Blocked {
            Objects.requireNonNull(decision, "decision");
        }

        @Override
        public String tool() {
            return decision.tool();
        }
    }

    /** A client-side tool passed the checks; the application runs it with these validated arguments. */
    record ClientSide(String tool, String callId, JsonNode arguments) implements ToolRunResult {
        public ClientSide {
            Checks.nonNull("tool, callId", tool, callId);
            arguments = Objects.requireNonNull(arguments, "arguments").deepCopy();
        }

        @Override
        public JsonNode arguments() {
            return arguments.deepCopy();
        }
    }
}
