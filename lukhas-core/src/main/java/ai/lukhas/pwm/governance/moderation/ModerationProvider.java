package ai.lukhas.pwm.governance.moderation;

import ai.lukhas.pwm.pii.PiiScanner;
import java.util.List;

/**
 * Scores one text and decides which categories are flagged under the request's preset. Implementations are
 * thread-safe. A provider that cannot answer throws {@link ModerationProviderException}; the {@link Moderator}
 * then fails closed.
 *
 * <pre>{@code
 * ModerationProvider provider = ModerationProvider.local();
 * ModerationVerdict v = provider.moderate(new ModerationRequest(ContentKind.USER_INPUT, Optional.empty(), text,
 *         ModerationPreset.STANDARD));
 * }</pre>
 */
@FunctionalInterface
public interface ModerationProvider {
    ModerationVerdict moderate(ModerationRequest request) throws ModerationProviderException;

    /** The short name used in verdicts, incidents and logs. */
    default String name() {
        return getClass().getSimpleName();
    }

    /**
     * The default provider: local lexicon and pattern scoring, no network. See docs/governance.md for what it
     * catches and what it cannot.
     */
    static ModerationProvider local() {
        return new LocalModerationProvider(PiiScanner.standard());
    }

    /** The local provider with a PII scanner of your choice, e.g. {@code PiiScanner.forPhoneRegion("GB")}. */
    static ModerationProvider local(PiiScanner pii) {
        return new LocalModerationProvider(pii);
    }

    /** A provider calling an OpenAI-compatible {@code POST /v1/moderations} endpoint. */
    static ModerationProvider openAiCompatible(OpenAiModerationSettings settings) {
        return new OpenAiModerationProvider(settings);
    }

    /**
     * Asks every provider and merges: the highest score per category, the union of flagged categories, all
     * reasons. If any provider fails, the combination fails (closed). Typical use: the OpenAI-compatible
     * endpoint for the content categories plus {@link #local()} for PII, secrets and prompt injection.
     */
    static ModerationProvider combined(List<ModerationProvider> providers) {
        return new CombinedModerationProvider(providers);
    }
}
