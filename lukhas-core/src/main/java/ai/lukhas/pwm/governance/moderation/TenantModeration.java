package ai.lukhas.pwm.governance.moderation;

import ai.lukhas.pwm.check.Checks;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One tenant's moderation settings: threshold overrides per built-in preset, what direct prompt injection in
 * user input does, and the tenant's own terms and patterns (a bank blocks "bearer bonds", a game studio does
 * not block "headshot"). Built by {@link ModerationConfig}.
 *
 * @param presets per built-in preset name ({@code standard}, {@code high}): the preset this tenant uses instead
 * @param rules the tenant's own rules, scored like the local provider's (reason {@code category:tenant-<id>})
 */
public record TenantModeration(String tenant, Map<String, ModerationPreset> presets, List<CustomRule> rules) {
    public TenantModeration {
        Objects.requireNonNull(tenant, "tenant");
        presets = Map.copyOf(presets);
        rules = List.copyOf(rules);
    }

    /** A term list or a regular expression of a tenant, with the category and weight it adds. */
    public record CustomRule(String id, ModerationCategory category, double weight, Pattern pattern) {
        public CustomRule {
            Checks.nonNull("id, category, pattern", id, category, pattern);
            if (!(weight > 0.0 && weight <= 1.0)) {
                throw new IllegalArgumentException("weight must be in (0, 1], but was " + weight);
            }
        }
    }

    /** The preset this tenant uses where the pipeline asks for {@code preset}. */
    public ModerationPreset preset(ModerationPreset preset) {
        return presets.getOrDefault(preset.name(), preset);
    }
}
