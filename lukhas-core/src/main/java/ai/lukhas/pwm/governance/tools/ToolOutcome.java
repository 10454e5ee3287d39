package ai.lukhas.pwm.governance.tools;

import java.util.Objects;

/**
 * What an executor returns: the tool's output, or an error message meant for the model.
 *
 * <pre>{@code return new ToolOutcome.Error("when: expected ISO-8601 or 'in N minutes|hours|days', but was 'soon'");}</pre>
 */
public sealed interface ToolOutcome {
    /** The text returned to the model as the tool message. */
    String text();

    /** The tool ran; {@code text} is its output. */
    record Output(String text) implements ToolOutcome {
        public Output {
            Objects.requireNonNull(text, "text");
        }
    }

    /** The tool could not do what was asked, for a reason the model can read and act on. */
    record Error(String text) implements ToolOutcome {
        public Error {
            Objects.requireNonNull(text, "text");
        }
    }
}
