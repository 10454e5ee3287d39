package ai.lukhas.pwm.governance.moderation;

import ai.lukhas.pwm.check.Checks;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a provider found: a score in [0, 1] per category it scored, the categories whose score reached the
 * preset's threshold (or that the provider itself flagged), and short reasons naming the rules or remote
 * categories behind the scores. Reasons never quote the moderated text.
 *
 * <pre>{@code
 * verdict.flagged();          // [PROMPT_INJECTION]
 * verdict.score(VIOLENCE);    // 0.0 when not scored
 * verdict.summary();          // "prompt_injection=0.96"
 * }</pre>
 */
public record ModerationVerdict(
        String provider,
        Map<ModerationCategory, Double> scores,
        Set<ModerationCategory> flagged,
        List<String> reasons) {
    public ModerationVerdict {
        Checks.nonNull("provider, scores, flagged, reasons", provider, scores, flagged, reasons);
        if (provider.isBlank()) {
            throw new IllegalArgumentException("provider must not be blank");
        }
        EnumMap<ModerationCategory, Double> s = new EnumMap<>(ModerationCategory.class);
        if (scores instanceof EnumMap<ModerationCategory, Double> e) {
            // the usual scores, read by category in the map's own order: its forEach makes an entry per score
            for (ModerationCategory category : CATEGORIES) {
                if (e.containsKey(category)) {
                    s.put(category, checked(category, e.get(category)));
                }
            }
        } else {
            scores.forEach((category, score) -> {
                Objects.requireNonNull(category, "score category");
                s.put(category, checked(category, score));
            });
        }
        EnumSet<ModerationCategory> f = EnumSet.noneOf(ModerationCategory.class);
        f.addAll(flagged);
        if (!s.keySet().containsAll(f)) {
            throw new IllegalArgumentException(
                    "every flagged category must have a score, but flagged " + f + " with scores for " + s.keySet());
        }
        scores = Collections.unmodifiableMap(s);
        flagged = Collections.unmodifiableSet(f);
        reasons = List.copyOf(reasons);
    }

    private static final ModerationCategory[] CATEGORIES = ModerationCategory.values();

    private static Double checked(ModerationCategory category, Double score) {
        if (score == null || !(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException(
                    "score for " + category.wireName() + " must be in [0, 1], but was " + score);
        }
        return score;
    }

    /** The score for {@code category}, 0 when the provider did not score it. */
    public double score(ModerationCategory category) {
        return scores.getOrDefault(category, 0.0);
    }

    public boolean isFlagged() {
        return !flagged.isEmpty();
    }

    /** The flagged categories with their scores, e.g. {@code "violence=0.90, illicit=0.75"}; for incidents and logs. */
    public String summary() {
        return flagged.stream()
                .map(c -> c.wireName() + "=" + String.format(java.util.Locale.ROOT, "%.2f", scores.get(c)))
                .collect(Collectors.joining(", "));
    }
}
