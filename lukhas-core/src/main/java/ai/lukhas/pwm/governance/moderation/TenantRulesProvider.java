package ai.lukhas.pwm.governance.moderation;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant's own terms and patterns, run on the same normalised variants as the local rules (so "b e a r e r
 * b o n d s" and look-alike letters are caught too), combined with noisy-or per category.
 */
final class TenantRulesProvider implements ModerationProvider {
    private final TenantModeration tenant;

    TenantRulesProvider(TenantModeration tenant) {
        this.tenant = tenant;
    }

    @Override
    public String name() {
        return "tenant-rules";
    }

    @Override
    public Optional<List<java.util.regex.Pattern>> phrasePatterns() {
        return Optional.of(tenant.rules().stream()
                .map(TenantModeration.CustomRule::pattern)
                .toList());
    }

    @Override
    public ModerationVerdict moderate(ModerationRequest request) {
        List<String> variants = LocalModerationProvider.variants(request.text());
        Map<ModerationCategory, Double> scores = new EnumMap<>(ModerationCategory.class);
        List<String> reasons = new ArrayList<>();
        for (TenantModeration.CustomRule rule : tenant.rules()) {
            if (variants.stream().anyMatch(v -> rule.pattern().matcher(v).find())) {
                LocalModerationProvider.add(scores, rule.category(), rule.weight());
                reasons.add(rule.category().wireName() + ":tenant-" + rule.id());
            }
        }
        return LocalModerationProvider.verdict(name(), request, scores, reasons);
    }
}
