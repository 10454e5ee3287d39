package ai.lukhas.pwm.governance.moderation;

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

    private final ModerationProvider provider;
    private final ModerationConfig config;
    private final Optional<TenantModeration> tenant;

    private Moderator(ModerationProvider provider, ModerationConfig config, Optional<TenantModeration> tenant) {
        this.provider = provider;
        this.config = config;
        this.tenant = tenant;
    }

    public static Moderator create(ModerationProvider provider) {
        return create(provider, ModerationConfig.NONE);
    }

    /** A moderator whose {@link #forTenant} applies the tenants of {@code config}. */
    public static Moderator create(ModerationProvider provider, ModerationConfig config) {
        return new Moderator(
                Objects.requireNonNull(provider, "provider"),
                Objects.requireNonNull(config, "config"),
                Optional.empty());
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
        ModerationProvider p = t.get().rules().isEmpty()
                ? provider
                : ModerationProvider.combined(java.util.List.of(provider, new TenantRulesProvider(t.get())));
        return new Moderator(p, config, t);
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

    private ModerationOutcome moderate(ModerationRequest asked) {
        ModerationRequest request = tenant.isEmpty()
                ? asked
                : new ModerationRequest(
                        asked.kind(), asked.tool(), asked.text(), tenant.get().preset(asked.preset()));
        String name = providerName();
        ModerationVerdict verdict;
        try {
            verdict = provider.moderate(request);
        } catch (ModerationProviderException e) {
            return failed(request, name, e.getMessage(), e);
        } catch (RuntimeException e) {
            // a bug in a provider must not let text through unmoderated either
            return failed(request, name, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        if (verdict == null) {
            return failed(request, name, "provider returned no verdict", null);
        }
        return verdict.isFlagged()
                ? new ModerationOutcome.Flagged(request.kind(), request.tool(), verdict)
                : new ModerationOutcome.Passed(request.kind(), request.tool(), verdict);
    }

    private String providerName() {
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
