package ai.lukhas.pwm.governance.moderation;

import ai.lukhas.pwm.check.Checks;
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
        Checks.nonNull("category, id, pattern, requires, unless", category, id, pattern, requires, unless);
        if (!(weight > 0.0 && weight <= 1.0)) {
            throw new IllegalArgumentException("rule " + id + ": weight must be in (0, 1], but was " + weight);
        }
    }

    /**
     * A rule from its regular expressions: {@code regex} compiled with {@link Pattern#DOTALL}, the context cues
     * as they are.
     */
    static LexiconRule compile(
            ModerationCategory category,
            String id,
            double weight,
            String regex,
            Optional<String> requires,
            Optional<String> unless) {
        return new LexiconRule(
                category,
                id,
                weight,
                Pattern.compile(regex, Pattern.DOTALL),
                requires.map(Pattern::compile),
                unless.map(Pattern::compile));
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
