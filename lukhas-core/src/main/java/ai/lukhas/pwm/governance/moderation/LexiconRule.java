package ai.lukhas.pwm.governance.moderation;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One documented scoring rule of the local provider: if {@code pattern} is found in the normalised text, the
 * rule contributes {@code weight} to its category's score, provided the {@code requires} context is found in
 * the same text too (a request cue such as "how do I", checked only after the rarer pattern matched, which keeps
 * the rule cheap) and the {@code unless} context is not (a cue such as "report" or "detect" for vocabulary that
 * is asked about rather than for).
 */
record LexiconRule(
        ModerationCategory category,
        String id,
        double weight,
        Pattern pattern,
        Optional<Pattern> requires,
        Optional<Pattern> unless) {
    LexiconRule {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(requires, "requires");
        Objects.requireNonNull(unless, "unless");
        if (!(weight > 0.0 && weight <= 1.0)) {
            throw new IllegalArgumentException("rule " + id + ": weight must be in (0, 1], but was " + weight);
        }
    }

    static LexiconRule of(ModerationCategory category, String id, double weight, String regex) {
        return build(category, id, weight, regex, null, null);
    }

    /** A rule that does not count when {@code unless} is found in the text too. */
    static LexiconRule of(ModerationCategory category, String id, double weight, String regex, String unless) {
        return build(category, id, weight, regex, null, unless);
    }

    /** A rule that counts only when {@code requires} is found in the text too. */
    static LexiconRule requiring(ModerationCategory category, String id, double weight, String requires, String regex) {
        return build(category, id, weight, regex, requires, null);
    }

    private static LexiconRule build(
            ModerationCategory category, String id, double weight, String regex, String requires, String unless) {
        return new LexiconRule(
                category,
                id,
                weight,
                Pattern.compile(regex, Pattern.DOTALL),
                Optional.ofNullable(requires).map(Pattern::compile),
                Optional.ofNullable(unless).map(Pattern::compile));
    }

    /** Whether the rule counts for {@code text}: its pattern is found and its context cue is not. */
    boolean matches(String text) {
        return pattern.matcher(text).find()
                && requires.map(r -> r.matcher(text).find()).orElse(true)
                && unless.map(u -> !u.matcher(text).find()).orElse(true);
    }

    /** The reason string in verdicts, e.g. {@code "violence:first-person-threat"}; never the matched text. */
    String reason() {
        return category.wireName() + ":" + id;
    }
}
