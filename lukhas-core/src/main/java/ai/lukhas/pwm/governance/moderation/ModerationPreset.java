package ai.lukhas.pwm.governance.moderation;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Flag thresholds per category: a category is flagged when its score is at least its threshold. A
 * category without a threshold is scored (and visible in the verdict) but never flagged. Strict mode uses
 * {@link #HIGH}, whose thresholds are lower.
 *
 * <pre>{@code
 * ModerationPreset preset = ModerationPreset.named("high");
 * preset.threshold(ModerationCategory.VIOLENCE); // Optional[0.4]
 * }</pre>
 */
public record ModerationPreset(String name, Map<ModerationCategory, Double> thresholds) {
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

    public ModerationPreset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(thresholds, "thresholds");
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
        return BUILT_IN.stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown moderation preset '" + name
                        + "'; known presets: "
                        + BUILT_IN.stream().map(ModerationPreset::name).toList()));
    }

    /** The threshold for {@code category}, or empty when that category is never flagged under this preset. */
    public Optional<Double> threshold(ModerationCategory category) {
        return Optional.ofNullable(thresholds.get(category));
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
