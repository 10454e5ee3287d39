package ai.lukhas.pwm.governance.moderation;

import ai.lukhas.pwm.pii.PiiScanner;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

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
     * The patterns whose matches in the normalised text (see {@link PendingPhrases}) are what this
     * provider flags model output for, when it knows them: a stream then holds back only text one of
     * them could still complete. Empty (the default) when they are not known (a remote model, a custom
     * classifier): a stream holds back the open sentence instead.
     */
    default Optional<List<Pattern>> phrasePatterns() {
        return Optional.empty();
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
     * Llama Guard 3 or 4 behind an OpenAI-compatible chat endpoint ({@code POST <baseUrl>/v1/chat/completions});
     * its S1–S14 codes map onto our categories (docs/governance.md). Wrap it in {@link #resilient} for a
     * deadline, a failure rule and a cache, and combine it with {@link #local()}.
     */
    static ModerationProvider llamaGuard(OpenAiModerationSettings settings) {
        return new LlamaGuardProvider(settings);
    }

    /** Azure AI Content Safety ({@code POST <endpoint>/contentsafety/text:analyze}). */
    static ModerationProvider azureContentSafety(AzureContentSafetySettings settings) {
        return new AzureContentSafetyProvider(settings);
    }

    /**
     * {@code remote} with a deadline per call, a failure rule (fail closed, or use {@code fallback}'s verdict)
     * and a verdict cache per text hash that expires on {@code clock}.
     *
     * <pre>{@code
     * ModerationProvider guard = ModerationProvider.resilient(ModerationProvider.llamaGuard(settings),
     *         new RemoteModerationPolicy(Duration.ofMillis(800), OnFailure.FALL_BACK_TO_LOCAL, Duration.ofSeconds(30),
     *                 10_000), ModerationProvider.local(), Clock.systemUTC());
     * ModerationProvider provider = ModerationProvider.combined(List.of(guard, ModerationProvider.local()));
     * }</pre>
     */
    static ModerationProvider resilient(
            ModerationProvider remote,
            RemoteModerationPolicy policy,
            ModerationProvider fallback,
            java.time.InstantSource clock) {
        return new ResilientModerationProvider(
                java.util.Objects.requireNonNull(remote, "remote"),
                java.util.Objects.requireNonNull(policy, "policy"),
                java.util.Objects.requireNonNull(fallback, "fallback"),
                java.util.Objects.requireNonNull(clock, "clock"));
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
