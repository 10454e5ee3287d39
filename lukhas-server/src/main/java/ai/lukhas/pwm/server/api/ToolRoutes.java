package ai.lukhas.pwm.server.api;

import static ai.lukhas.pwm.server.api.RouteSupport.json;
import static ai.lukhas.pwm.server.api.RouteSupport.onlyQuery;
import static ai.lukhas.pwm.server.api.RouteSupport.query;

import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.governance.tools.ToolGate;
import ai.lukhas.pwm.governance.tools.ToolOffer;
import ai.lukhas.pwm.governance.tools.ToolOfferJson;
import ai.lukhas.pwm.governance.tools.ToolOfferRequest;
import ai.lukhas.pwm.governance.tools.ToolRegistry;
import ai.lukhas.pwm.modulation.ModulationPolicy;
import ai.lukhas.pwm.modulation.SessionKey;
import ai.lukhas.pwm.pipeline.SessionStore;
import ai.lukhas.pwm.server.auth.Principal;
import ai.lukhas.pwm.server.auth.Role;
import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.server.http.Routes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /v1/tools}: which tools a request would be offered (for the modulated allowlist of a session of the
 * caller's tenant, escalation holds applied,
 * or the policy default, within the tenant's ceiling and an optional request allowlist), and why
 * each other tool is excluded.
 *
 * <pre>{@code new ToolRoutes(support, registry, gate, pipeline.sessions(), policy, flags, tenantTools)}</pre>
 */
public record ToolRoutes(
        RouteSupport support,
        ToolRegistry registry,
        ToolGate gate,
        SessionStore sessions,
        ModulationPolicy policy,
        Flags flags,
        TenantTools tenantTools)
        implements Routes {

    @Override
    public void register(RoutesConfig r) {
        r.get("/v1/tools", this::tools);
    }

    private void tools(Context ctx) {
        Principal p = support.auth(ctx, Role.CLIENT);
        onlyQuery(ctx, Set.of("session_id", "allowlist"));
        Optional<String> session = query(ctx, "session_id");
        if (session.isPresent()) {
            if (!RouteSupport.isId(session.get())) {
                throw Json.badRequest(
                        "session_id must be 1-128 characters of letters, digits and . _ : -",
                        List.of(new Problem.FieldError("session_id", "must match " + RouteSupport.ID.pattern())));
            }
        }
        Optional<List<String>> allowlist = Optional.ofNullable(ctx.queryParam("allowlist"))
                .map(a -> a.isBlank() ? List.<String>of() : List.of(a.split(",", -1)));
        Optional<List<String>> stripped =
                allowlist.map(list -> list.stream().map(String::strip).toList());
        List<Problem.FieldError> errors = new ArrayList<>();
        allowlist.ifPresent(list -> list.forEach(name -> {
            if (registry.definition(name.strip()).isEmpty()) {
                errors.add(new Problem.FieldError(
                        "allowlist",
                        "unknown tool '" + Json.abbreviate(name) + "'; known tools: "
                                + String.join(", ", registry.allowlistNames())));
            }
        }));
        if (!errors.isEmpty()) {
            throw Json.badRequest("allowlist " + errors.get(0).message(), errors);
        }
        List<String> modulated = session.map(s ->
                        sessions.modulate(SessionKey.of(p.tenant(), s)).params().toolAllowlist())
                .orElseGet(() -> policy.defaultParams().toolAllowlist());
        ToolOfferRequest request = ToolOfferRequest.of(modulated).withTenantCeiling(tenantTools.of(p.tenant()));
        if (stripped.isPresent()) {
            request = request.withRequestAllowlist(stripped.get());
        }
        ToolOffer offer = gate.offer(request);
        json(ctx, 200, ToolOfferJson.document(offer, ToolOfferJson.toolFlags(flags), stripped));
    }
}
