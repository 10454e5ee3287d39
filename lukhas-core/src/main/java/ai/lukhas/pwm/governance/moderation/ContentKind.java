package ai.lukhas.pwm.governance.moderation;

import ai.lukhas.pwm.check.WireName;

/**
 * Where a moderated text comes from. The kind decides which incident a flag produces and which prompt-injection
 * rules run: all of them on tool outputs (where text the model did not ask for arrives), the direct-injection
 * rules on user input (flagged or only signalled, per preset), none on the model's own output.
 *
 * <pre>{@code ContentKind.TOOL_OUTPUT.wireName(); // "tool_output"}</pre>
 */
public enum ContentKind implements WireName {
    USER_INPUT,
    TOOL_OUTPUT,
    FINAL_OUTPUT;
}
