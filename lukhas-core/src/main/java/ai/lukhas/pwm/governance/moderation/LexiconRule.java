package ai.lukhas.pwm.governance.moderation;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One documented scoring rule of the local provider: if {@code pattern} is found in the normalised text, the
 * rule contributes {@code weight} to its category's score, unless the {@code unless} context is found in the
 * same text (a context cue such as "report", "detect" for vocabulary that is asked about rather than for).
 */
record LexiconRule(ModerationCategory category, String id, double weight, Pattern pattern, Optional<Pattern> unless) {
    LexiconRule {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(unless, "unless");
        if (!(weight > 0.0 && weight <= 1.0)) {
            throw new IllegalArgumentException("rule " + id + ": weight must be in (0, 1], but was " + weight);
        }
    }

    static LexiconRule of(ModerationCategory category, String id, double weight, String regex) {
        return new LexiconRule(category, id, weight, Pattern.compile(regex, Pattern.DOTALL), Optional.empty());
    }

    static LexiconRule of(ModerationCategory category, String id, double weight, String regex, String unless) {
        return new LexiconRule(
                category, id, weight, Pattern.compile(regex, Pattern.DOTALL), Optional.of(Pattern.compile(unless)));
    }

    /** Whether the rule counts for {@code text}: its pattern is found and its context cue is not. */
    boolean matches(String text) {
        return pattern.matcher(text).find()
                && unless.map(u -> !u.matcher(text).find()).orElse(true);
    }

    /** The reason string in verdicts, e.g. {@code "violence:first-person-threat"}; never the matched text. */
    String reason() {
        return category.wireName() + ":" + id;
    }
}
