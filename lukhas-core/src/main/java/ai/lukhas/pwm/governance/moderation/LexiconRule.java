package ai.lukhas.pwm.governance.moderation;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One documented scoring rule of the local provider: if {@code pattern} is found in the normalised text, the
 * rule contributes {@code weight} to its category's score.
 */
record LexiconRule(ModerationCategory category, String id, double weight, Pattern pattern) {
    LexiconRule {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pattern, "pattern");
        if (!(weight > 0.0 && weight <= 1.0)) {
            throw new IllegalArgumentException("rule " + id + ": weight must be in (0, 1], but was " + weight);
        }
    }

    static LexiconRule of(ModerationCategory category, String id, double weight, String regex) {
        return new LexiconRule(category, id, weight, Pattern.compile(regex, Pattern.DOTALL));
    }

    /** The reason string in verdicts, e.g. {@code "violence:first-person-threat"}; never the matched text. */
    String reason() {
        return category.wireName() + ":" + id;
    }
}
