package ai.lukhas.pwm.governance.tools;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.check.WireName;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * The call-time verdict on one tool call: allowed (offered, arguments valid) or blocked with a reason.
 *
 * <pre>{@code
 * switch (gate.check(offer, call)) {
 *     case ToolCallDecision.Allowed a -> ...;
 *     case ToolCallDecision.Blocked b -> reply(b.toolMessage()); // "Tool 'x' blocked by governance: ..."
 * }
 * }</pre>
 */
public sealed interface ToolCallDecision {
    /** The function name the model used (sanitised for display when blocked). */
    String tool();

    /** The call may run: the tool was offered and its arguments validate against its schema. */
    record Allowed(String tool, String allowlistName, JsonNode arguments) implements ToolCallDecision {
        public Allowed {
            Checks.nonNull("tool, allowlistName", tool, allowlistName);
            arguments = Objects.requireNonNull(arguments, "arguments").deepCopy();
        }

        @Override
        public JsonNode arguments() {
            return arguments.deepCopy();
        }
    }

    /** The call must not run; {@link #toolMessage()} is what the model is told instead. */
    record Blocked(String tool, Kind kind, String reason) implements ToolCallDecision {
        public Blocked {
            Checks.nonNull("tool, kind, reason", tool, kind, reason);
        }

        /** {@code Tool 'X' blocked by governance: <reason>}. */
        public String toolMessage() {
            return "Tool '" + tool + "' blocked by governance: " + reason;
        }
    }

    /** Why a call was blocked; the wire names are the incident kinds. */
    enum Kind implements WireName {
        /** The tool was not offered for this request, or does not exist. */
        BLOCKED_TOOL,
        /** The arguments are not a JSON object or fail the tool's schema. */
        INVALID_ARGUMENTS;
    }
}
