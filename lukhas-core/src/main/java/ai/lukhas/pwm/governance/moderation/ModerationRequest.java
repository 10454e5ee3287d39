package ai.lukhas.pwm.governance.moderation;

import ai.lukhas.pwm.check.Checks;
import java.util.Optional;

/**
 * One text to moderate, with where it came from and the preset whose thresholds apply.
 *
 * <pre>{@code new ModerationRequest(ContentKind.TOOL_OUTPUT, Optional.of("open_url"), page, ModerationPreset.HIGH)}</pre>
 *
 * @param tool the tool that produced the text; present exactly when {@code kind} is {@code TOOL_OUTPUT}
 */
public record ModerationRequest(ContentKind kind, Optional<String> tool, String text, ModerationPreset preset) {
    public ModerationRequest {
        Checks.nonNull("kind, tool, text, preset", kind, tool, text, preset);
        if ((kind == ContentKind.TOOL_OUTPUT) != tool.isPresent()) {
            throw new IllegalArgumentException("tool must be present exactly for tool outputs, but kind was "
                    + kind.wireName() + " and tool " + tool);
        }
        if (tool.isPresent() && tool.get().isBlank()) {
            throw new IllegalArgumentException("tool must not be blank");
        }
    }

    @Override
    public String toString() {
        // never the text: it may carry personal data
        return "ModerationRequest[kind=" + kind.wireName() + ", tool=" + tool.orElse("-") + ", chars=" + text.length()
                + ", preset=" + preset.name() + "]";
    }
}
