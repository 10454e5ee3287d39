package ai.lukhas.pwm.governance.moderation;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.check.WireName;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Flag thresholds per category: a category is flagged when its score is at least its threshold. A
 * category without a threshold is scored (and visible in the verdict) but never flagged. Strict mode uses
 * {@link #HIGH}, whose thresholds are lower. {@link #directInjection()} decides what prompt injection in the
 * user's own input does: {@link DirectInjection#FLAG} blocks it like any finding, {@link DirectInjection#SIGNAL}
 * only scores it (the score and rule are in the verdict and the audit record; the text passes).
 *
 * <pre>{@code
 * ModerationPreset preset = ModerationPreset.named("high");
 * preset.threshold(ModerationCategory.VIOLENCE); // Optional[0.4]
 * }</pre>
 */
public record ModerationPreset(
        String name, Map<ModerationCategory, Double> thresholds, DirectInjection directInjection) {
    /** What prompt injection found in user input does under a preset. */
    public enum DirectInjection implements WireName {
        /** Flagged (blocked) when the prompt-injection score reaches the threshold, as in tool outputs. */
        FLAG,
        /** Scored and reported in the verdict's scores and reasons, never flagged. */
        SIGNAL;
    }

    /** The default preset (balanced and creative modes). PII is scored but not flagged. */
    public static final ModerationPreset STANDARD = new ModerationPreset(
            "standard",
            thresholdMap(
                    0.70, // harassment
                    0.60, // hate
                    0.60, // self_harm
                    0.70, // sexual
                    0.30, // sexual_minors
                    0.70, // violence
                    0.70, // illicit
                    -1, // pii: not flagged
                    0.50, // secrets
                    0.60)); // prompt_injection

    /** The strict preset: lower thresholds everywhere, and PII is flagged too. */
    public static final ModerationPreset HIGH = new ModerationPreset(
            "high",
            thresholdMap(
                    0.40, // harassment
                    0.35, // hate
                    0.35, // self_harm
                    0.40, // sexual
                    0.10, // sexual_minors
                    0.40, // violence
                    0.40, // illicit
                    0.50, // pii
                    0.30, // secrets
                    0.30)); // prompt_injection

    private static final List<ModerationPreset> BUILT_IN = List.of(STANDARD, HIGH);

    /** A preset that flags direct prompt injection like every other finding. */
    public ModerationPreset(String name, Map<ModerationCategory, Double> thresholds) {
        this(name, thresholds, DirectInjection.FLAG);
    }

    public ModerationPreset {
        Checks.nonNull("name, thresholds, directInjection", name, thresholds, directInjection);
        if (name.isBlank()) {
            throw new IllegalArgumentException("moderation preset name must not be blank");
        }
        EnumMap<ModerationCategory, Double> copy = new EnumMap<>(ModerationCategory.class);
        thresholds.forEach((category, threshold) -> {
            Objects.requireNonNull(category, "threshold category");
            if (threshold == null || !(threshold > 0.0 && threshold <= 1.0)) {
                throw new IllegalArgumentException("moderation preset '" + name + "': threshold for "
                        + category.wireName() + " must be in (0, 1], but was " + threshold);
            }
            copy.put(category, threshold);
        });
        thresholds = Collections.unmodifiableMap(copy);
    }

    /**
     * The built-in preset called {@code name} ({@code "standard"} or {@code "high"}).
     *
     * @throws IllegalArgumentException naming the known presets when there is none of that name
     */
    public static ModerationPreset named(String name) {
        // a loop, not a stream: every moderation call of a request asks this
        for (ModerationPreset p : BUILT_IN) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown moderation preset '" + name + "'; known presets: "
                + BUILT_IN.stream().map(ModerationPreset::name).toList());
    }

    /** The threshold for {@code category}, or empty when that category is never flagged under this preset. */
    public Optional<Double> threshold(ModerationCategory category) {
        return Optional.ofNullable(thresholds.get(category));
    }

    /**
     * Whether {@code score} flags {@code category} in content of {@code kind}: as {@link #flags(ModerationCategory,
     * double)}, except that prompt injection in user input is never flagged under {@link DirectInjection#SIGNAL}.
     */
    public boolean flags(ContentKind kind, ModerationCategory category, double score) {
        if (kind == ContentKind.USER_INPUT
                && category == ModerationCategory.PROMPT_INJECTION
                && directInjection == DirectInjection.SIGNAL) {
            return false;
        }
        return flags(category, score);
    }

    /** A copy with another name and direct-injection handling (for per-tenant presets). */
    public ModerationPreset with(String newName, DirectInjection handling) {
        return new ModerationPreset(newName, thresholds, handling);
    }

    /** Whether {@code score} reaches this preset's threshold for {@code category}. */
    public boolean flags(ModerationCategory category, double score) {
        Double threshold = thresholds.get(category);
        return threshold != null && score >= threshold;
    }

    /** Values in {@link ModerationCategory} order; a negative value means "no threshold". */
    private static Map<ModerationCategory, Double> thresholdMap(double... values) {
        ModerationCategory[] categories = ModerationCategory.values();
        if (values.length != categories.length) {
            throw new IllegalStateException("expected " + categories.length + " thresholds, got " + values.length);
        }
        EnumMap<ModerationCategory, Double> map = new EnumMap<>(ModerationCategory.class);
        for (int i = 0; i < values.length; i++) {
            if (values[i] >= 0) {
                map.put(categories[i], values[i]);
            }
        }
        return map;
    }
}
