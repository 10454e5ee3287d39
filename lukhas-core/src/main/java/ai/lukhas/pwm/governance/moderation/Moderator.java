package ai.lukhas.pwm.governance.moderation;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.text.GrowingText;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one entry point the pipeline uses: a method per kind of content, so the kind (and with it the incident
 * kind and whether prompt injection is scored) cannot be forgotten. Never throws for a provider failure: it
 * returns a blocking {@link ModerationOutcome.ProviderFailed} instead (fail closed) and logs it.
 *
 * <pre>{@code
 * Moderator moderator = Moderator.create(ModerationProvider.local());
 * ModerationOutcome in = moderator.userInput(prompt, ModerationPreset.STANDARD);
 * ModerationOutcome page = moderator.toolOutput("open_url", html, ModerationPreset.named("high"));
 * }</pre>
 */
public final class Moderator {
    private static final Logger LOG = LoggerFactory.getLogger(Moderator.class);

    /** Everything a check asks: the local part, and the guard when there is one (any flag flags). */
    private final ModerationProvider provider;
    /** What a stream asks before every release: {@link #provider} without the guard. */
    private final ModerationProvider local;

    private final Optional<StreamGuard> guard;
    private final ModerationConfig config;
    private final Optional<TenantModeration> tenant;

    /**
     * A guard model on streamed output: asked asynchronously by the pipeline (see docs/governance.md,
     * "Guard models on streams"), text waiting for it at most {@code hold.maxHold()}.
     */
    public record StreamGuard(ModerationProvider provider, StreamHold hold) {
        public StreamGuard {
            Checks.nonNull("provider, hold", provider, hold);
        }
    }

    private Moderator(
            ModerationProvider provider,
            ModerationProvider local,
            Optional<StreamGuard> guard,
            ModerationConfig config,
            Optional<TenantModeration> tenant) {
        this.provider = provider;
        this.local = local;
        this.guard = guard;
        this.config = config;
        this.tenant = tenant;
    }

    public static Moderator create(ModerationProvider provider) {
        return create(provider, ModerationConfig.NONE);
    }

    /** A moderator whose {@link #forTenant} applies the tenants of {@code config}. */
    public static Moderator create(ModerationProvider provider, ModerationConfig config) {
        Objects.requireNonNull(provider, "provider");
        return new Moderator(
                provider, provider, Optional.empty(), Objects.requireNonNull(config, "config"), Optional.empty());
    }

    /**
     * {@code local} and a guard model: every check asks both (any flag flags); streamed output asks
     * {@code local} before every release and the guard within {@code hold}.
     *
     * <pre>{@code
     * ModerationProvider guard = ModerationProvider.resilient(ModerationProvider.llamaGuard(settings), policy,
     *         ModerationProvider.local(), clock);
     * Moderator m = Moderator.withGuard(ModerationProvider.local(), guard,
     *         new StreamHold(Duration.ofMillis(300), StreamHold.OnExpiry.RELEASE_ON_LOCAL), ModerationConfig.NONE);
     * }</pre>
     */
    public static Moderator withGuard(
            ModerationProvider local, ModerationProvider guard, StreamHold hold, ModerationConfig config) {
        Objects.requireNonNull(local, "local");
        return new Moderator(
                ModerationProvider.combined(java.util.List.of(guard, local)),
                local,
                Optional.of(new StreamGuard(guard, hold)),
                Objects.requireNonNull(config, "config"),
                Optional.empty());
    }

    /** The guard model streamed output waits for, when one is configured. */
    public Optional<StreamGuard> streamGuard() {
        return guard;
    }

    /**
     * A tracker of the text a stream must hold back because a rule of this moderator's could still
     * complete a phrase in it; empty when the rules are not all known patterns (a custom provider),
     * in which case a stream holds the open sentence (at most {@code fallbackWindow} characters).
     */
    public Optional<PendingPhrases> pendingPhrases(int fallbackWindow) {
        return local.phrasePatterns().map(patterns -> new PendingPhrases(patterns, fallbackWindow));
    }

    /**
     * The moderator for one tenant: its presets replace the built-in ones of the same name, and its own terms
     * and patterns are scored next to the provider's (any flag flags). A tenant without settings gets the
     * {@code default} tenant's, or this moderator unchanged.
     */
    public Moderator forTenant(String name) {
        Optional<TenantModeration> t = config.tenant(name);
        if (t.isEmpty()) {
            return this;
        }
        if (t.get().rules().isEmpty()) {
            return new Moderator(provider, local, guard, config, t);
        }
        TenantRulesProvider rules = new TenantRulesProvider(t.get());
        return new Moderator(
                ModerationProvider.combined(java.util.List.of(provider, rules)),
                ModerationProvider.combined(java.util.List.of(local, rules)),
                guard,
                config,
                t);
    }

    /** Moderates what the user sent, before anything else sees it. */
    public ModerationOutcome userInput(String text, ModerationPreset preset) {
        return moderate(new ModerationRequest(ContentKind.USER_INPUT, Optional.empty(), text, preset));
    }

    /** Moderates what a tool returned, before the model sees it; prompt injection is scored here. */
    public ModerationOutcome toolOutput(String tool, String text, ModerationPreset preset) {
        return moderate(new ModerationRequest(ContentKind.TOOL_OUTPUT, Optional.of(tool), text, preset));
    }

    /** Moderates what the model produced (for streams: the text so far, before the next chunk leaves). */
    public ModerationOutcome finalOutput(String text, ModerationPreset preset) {
        return moderate(new ModerationRequest(ContentKind.FINAL_OUTPUT, Optional.empty(), text, preset));
    }

    /**
     * Moderates streamed model output before a release: as {@link #finalOutput}, but without the
     * guard model when there is one (the pipeline asks it through {@link #guardOutput}).
     */
    public ModerationOutcome streamedOutput(String text, ModerationPreset preset) {
        return moderate(local, new ModerationRequest(ContentKind.FINAL_OUTPUT, Optional.empty(), text, preset));
    }

    /**
     * The checks of one answer's model output as it grows (a stream's releases and its steps' ends), for
     * one request: each check returns what {@link #streamedOutput} and {@link #finalOutput} return for the
     * same text, but the local provider keeps, from one check to the next, the work on the part of the
     * text a later character cannot change (docs/governance.md, "Streaming release bound"), so a long
     * stream's checks cost about the same per chunk as its first ones. Not thread-safe: one per request.
     */
    public OutputChecks outputChecks() {
        return new OutputChecks(perStream(local));
    }

    /** See {@link #outputChecks()}. */
    public final class OutputChecks {
        private final ModerationProvider local;

        private OutputChecks(ModerationProvider local) {
            this.local = local;
        }

        /** {@link Moderator#streamedOutput} of {@code text}; cheapest when it extends the text checked before. */
        public ModerationOutcome streamedOutput(String text, ModerationPreset preset) {
            return moderate(local, new ModerationRequest(ContentKind.FINAL_OUTPUT, Optional.empty(), text, preset));
        }

        /** {@link Moderator#finalOutput} of {@code text}: with a guard model, asked as always (whole). */
        public ModerationOutcome finalOutput(String text, ModerationPreset preset) {
            return guard.isEmpty() ? streamedOutput(text, preset) : Moderator.this.finalOutput(text, preset);
        }

        /**
         * {@link #streamedOutput(String, ModerationPreset)} of {@code text} as it is now, without copying it
         * for the local provider, which reads it in place (and, from the second check of the same text,
         * only what grew); a provider that reads a {@link ModerationRequest} (remote, a tenant's rules) gets
         * one copy of the whole text per check.
         */
        public ModerationOutcome streamedOutput(GrowingText text, ModerationPreset preset) {
            Objects.requireNonNull(text, "text");
            ModerationPreset applied = applied(preset);
            return judged(
                    local,
                    ContentKind.FINAL_OUTPUT,
                    Optional.empty(),
                    () -> new ModerationRequest(ContentKind.FINAL_OUTPUT, Optional.empty(), text.toString(), applied),
                    () -> inPlace(local, text, applied));
        }

        /** {@link #finalOutput(String, ModerationPreset)} of {@code text} as it is now (see above). */
        public ModerationOutcome finalOutput(GrowingText text, ModerationPreset preset) {
            return guard.isEmpty() ? streamedOutput(text, preset) : Moderator.this.finalOutput(text.toString(), preset);
        }
    }

    /**
     * {@code provider}'s verdict on {@code text}: a stream's local provider reads it in place, a combination
     * asks each of its providers so, any other provider gets the whole text as a {@link ModerationRequest}.
     */
    private static ModerationVerdict inPlace(ModerationProvider provider, GrowingText text, ModerationPreset preset)
            throws ModerationProviderException {
        if (provider instanceof StreamedLocalModeration s) {
            return s.moderate(text, preset);
        }
        if (provider instanceof CombinedModerationProvider c) {
            return c.combine(p -> inPlace(p, text, preset));
        }
        return provider.moderate(
                new ModerationRequest(ContentKind.FINAL_OUTPUT, Optional.empty(), text.toString(), preset));
    }

    /** {@code provider} with a stream's state for the local providers in it (the others as they are). */
    private static ModerationProvider perStream(ModerationProvider provider) {
        if (provider instanceof LocalModerationProvider l) {
            return new StreamedLocalModeration(l);
        }
        if (provider instanceof CombinedModerationProvider c) {
            return new CombinedModerationProvider(
                    c.providers().stream().map(Moderator::perStream).toList());
        }
        return provider;
    }

    /**
     * The guard model's verdict alone on model output (with its deadline and failure rule); blocks for
     * the remote call. Without a guard, the same as {@link #streamedOutput}.
     */
    public ModerationOutcome guardOutput(String text, ModerationPreset preset) {
        return moderate(
                guard.map(StreamGuard::provider).orElse(local),
                new ModerationRequest(ContentKind.FINAL_OUTPUT, Optional.empty(), text, preset));
    }

    private ModerationOutcome moderate(ModerationRequest asked) {
        return moderate(provider, asked);
    }

    private ModerationOutcome moderate(ModerationProvider provider, ModerationRequest asked) {
        ModerationRequest request = tenant.isEmpty()
                ? asked
                : new ModerationRequest(asked.kind(), asked.tool(), asked.text(), applied(asked.preset()));
        return judged(provider, request.kind(), request.tool(), () -> request, () -> provider.moderate(request));
    }

    /** The preset a check applies: the tenant's version of {@code preset}, if it has one. */
    private ModerationPreset applied(ModerationPreset preset) {
        return tenant.isEmpty() ? preset : tenant.get().preset(preset);
    }

    /** How a provider is asked for its verdict. */
    @FunctionalInterface
    private interface Asking {
        ModerationVerdict verdict() throws ModerationProviderException;
    }

    /**
     * The outcome of asking {@code provider} ({@code asking}) about {@code kind} of content; a failure fails
     * closed. {@code request}: what was asked, made only for a failure's log (for a stream's check read in
     * place it copies the text).
     */
    private static ModerationOutcome judged(
            ModerationProvider provider,
            ContentKind kind,
            Optional<String> tool,
            java.util.function.Supplier<ModerationRequest> request,
            Asking asking) {
        String name = providerName(provider);
        ModerationVerdict verdict;
        try {
            verdict = asking.verdict();
        } catch (ModerationProviderException e) {
            return failed(request.get(), name, e.getMessage(), e);
        } catch (RuntimeException e) {
            // a bug in a provider must not let text through unmoderated either
            return failed(request.get(), name, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        if (verdict == null) {
            return failed(request.get(), name, "provider returned no verdict", null);
        }
        return verdict.isFlagged()
                ? new ModerationOutcome.Flagged(kind, tool, verdict)
                : new ModerationOutcome.Passed(kind, tool, verdict);
    }

    private static String providerName(ModerationProvider provider) {
        try {
            String name = provider.name();
            return name == null || name.isBlank() ? provider.getClass().getName() : name;
        } catch (RuntimeException e) {
            return provider.getClass().getName();
        }
    }

    private static ModerationOutcome failed(ModerationRequest request, String provider, String message, Throwable e) {
        String error = message == null || message.isBlank() ? "provider failed without a message" : message;
        LOG.warn("moderation provider {} failed on {}; blocking (fail closed): {}", provider, request, error, e);
        return new ModerationOutcome.ProviderFailed(request.kind(), request.tool(), provider, error);
    }
}
