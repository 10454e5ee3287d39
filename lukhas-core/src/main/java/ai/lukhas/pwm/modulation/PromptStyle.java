package ai.lukhas.pwm.modulation;

import ai.lukhas.pwm.check.Checks;
import java.util.List;

/**
 * The system preamble, moderation preset and stop sequences that go with a safety mode.
 *
 * <pre>{@code
 * PromptStyle s = result.promptStyle(); // s.name() == "strict", s.moderationPreset() == "high"
 * }</pre>
 */
public record PromptStyle(String name, String preamble, String moderationPreset, List<String> stopSequences) {
    public PromptStyle {
        Checks.nonNull("name, preamble, moderationPreset", name, preamble, moderationPreset);
        stopSequences = List.copyOf(stopSequences);
    }
}
