package ai.lukhas.pwm.governance.tools;

import com.networknt.schema.Schema;
import java.util.Optional;

/** One registry entry; the executor never leaves this package except through {@link ToolGate}. */
record RegisteredTool(
        String allowlistName, ToolDefinition definition, Optional<String> flag, Handling handling, Schema schema) {

    /** How a call to the tool is carried out once it passed the gate. */
    sealed interface Handling {
        /** The gateway runs the tool. */
        record Executed(ToolExecutor executor, ExecutionLimits limits) implements Handling {}

        /** The application runs the tool; the gateway only governs the call. */
        record ClientSide() implements Handling {}

        /** A canonical tool that this deployment configured no executor for. */
        record NotConfigured() implements Handling {}
    }

    boolean matches(String allowlistEntry) {
        return allowlistName.equals(allowlistEntry) || definition.name().equals(allowlistEntry);
    }
}
