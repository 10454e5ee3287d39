package ai.lukhas.pwm.governance.moderation;

import java.util.Locale;

/**
 * Where a moderated text comes from. The kind decides which incident a flag produces and whether
 * {@link ModerationCategory#PROMPT_INJECTION} is scored (tool outputs only: that is where text the model
 * did not ask for arrives).
 *
 * <pre>{@code ContentKind.TOOL_OUTPUT.wireName(); // "tool_output"}</pre>
 */
public enum ContentKind {
    USER_INPUT,
    TOOL_OUTPUT,
    FINAL_OUTPUT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
