package ai.lukhas.pwm.governance.moderation;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Several providers asked in order; max score and union of flags; any failure fails the whole. */
final class CombinedModerationProvider implements ModerationProvider {
    private final List<ModerationProvider> providers;

    CombinedModerationProvider(List<ModerationProvider> providers) {
        Objects.requireNonNull(providers, "providers");
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("combined moderation needs at least one provider, but got none");
        }
        this.providers = List.copyOf(providers);
    }

    @Override
    public ModerationVerdict moderate(ModerationRequest request) throws ModerationProviderException {
        return combine(provider -> provider.moderate(request));
    }

    /** How one of the providers is asked. */
    @FunctionalInterface
    interface Ask {
        ModerationVerdict verdict(ModerationProvider provider) throws ModerationProviderException;
    }

    /** {@link #moderate}, each provider asked by {@code ask} (e.g. a stream's local provider in place). */
    ModerationVerdict combine(Ask ask) throws ModerationProviderException {
        Map<ModerationCategory, Double> scores = new EnumMap<>(ModerationCategory.class);
        Set<ModerationCategory> flagged = EnumSet.noneOf(ModerationCategory.class);
        List<String> reasons = new ArrayList<>();
        for (ModerationProvider provider : providers) {
            ModerationVerdict verdict;
            try {
                verdict = ask.verdict(provider);
            } catch (ModerationProviderException e) {
                throw e.within(provider.name());
            }
            if (verdict == null) {
                throw new ModerationFailedException(provider.name() + " returned no verdict");
            }
            verdict.scores().forEach((c, s) -> scores.merge(c, s, Math::max));
            flagged.addAll(verdict.flagged());
            reasons.addAll(verdict.reasons());
        }
        return new ModerationVerdict(name(), scores, flagged, reasons);
    }

    /** The patterns of every provider, or empty when one of them does not know its own. */
    @Override
    public Optional<List<java.util.regex.Pattern>> phrasePatterns() {
        List<java.util.regex.Pattern> all = new ArrayList<>();
        for (ModerationProvider p : providers) {
            Optional<List<java.util.regex.Pattern>> rules = p.phrasePatterns();
            if (rules.isEmpty()) {
                return Optional.empty();
            }
            all.addAll(rules.get());
        }
        return Optional.of(List.copyOf(all));
    }

    /** The providers, in the order they are asked. */
    List<ModerationProvider> providers() {
        return providers;
    }

    @Override
    public String name() {
        return providers.stream().map(ModerationProvider::name).collect(Collectors.joining("+"));
    }
}
