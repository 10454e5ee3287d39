package ai.lukhas.pwm.governance.tools;

import ai.lukhas.pwm.check.Checks;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * The allowlists that decide which tools one request is offered; they are intersected. Entries are
 * allowlist names ({@code retrieval}) or function names ({@code retrieve_knowledge}).
 *
 * <pre>{@code
 * ToolOfferRequest.of(modulated.toolAllowlist())
 *         .withTenantCeiling(Set.of("retrieval", "scheduler"))
 *         .withRequestAllowlist(Set.of("retrieval"));
 * }</pre>
 *
 * @param tenantCeiling the tenant's tools; empty means the tenant sets no ceiling
 * @param requestAllowlist the tools the request asked for; empty means the request did not narrow them
 * @param modulatedAllowlist the modulated {@code tool_allowlist}; always applies
 */
public record ToolOfferRequest(
        Optional<Set<String>> tenantCeiling, Optional<Set<String>> requestAllowlist, Set<String> modulatedAllowlist) {

    public ToolOfferRequest {
        Checks.nonNull(
                "tenantCeiling, requestAllowlist, modulatedAllowlist",
                tenantCeiling,
                requestAllowlist,
                modulatedAllowlist);
        tenantCeiling = tenantCeiling.map(Set::copyOf);
        requestAllowlist = requestAllowlist.map(Set::copyOf);
        modulatedAllowlist = Set.copyOf(modulatedAllowlist);
    }

    /** Only the modulated allowlist applies. */
    public static ToolOfferRequest of(Collection<String> modulatedAllowlist) {
        return new ToolOfferRequest(Optional.empty(), Optional.empty(), Set.copyOf(modulatedAllowlist));
    }

    public ToolOfferRequest withTenantCeiling(Collection<String> ceiling) {
        return new ToolOfferRequest(Optional.of(Set.copyOf(ceiling)), requestAllowlist, modulatedAllowlist);
    }

    public ToolOfferRequest withRequestAllowlist(Collection<String> allowlist) {
        return new ToolOfferRequest(tenantCeiling, Optional.of(Set.copyOf(allowlist)), modulatedAllowlist);
    }
}
