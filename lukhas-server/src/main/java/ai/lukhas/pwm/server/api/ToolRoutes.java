package ai.lukhas.pwm.server.api;

import static ai.lukhas.pwm.server.api.RouteSupport.NODES;
import static ai.lukhas.pwm.server.api.RouteSupport.json;
import static ai.lukhas.pwm.server.api.RouteSupport.onlyQuery;
import static ai.lukhas.pwm.server.api.RouteSupport.query;

import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.governance.tools.CanonicalTool;
import ai.lukhas.pwm.governance.tools.ToolExclusion;
import ai.lukhas.pwm.governance.tools.ToolGate;
import ai.lukhas.pwm.governance.tools.ToolOffer;
import ai.lukhas.pwm.governance.tools.ToolOfferRequest;
import ai.lukhas.pwm.governance.tools.ToolRegistry;
import ai.lukhas.pwm.modulation.ModulationPolicy;
import ai.lukhas.pwm.modulation.Modulator;
import ai.lukhas.pwm.server.auth.Principal;
import ai.lukhas.pwm.server.auth.Role;
import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.server.http.Routes;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /v1/tools}: which tools a request would be offered (for a session's modulated allowlist
 * or the policy default, within the tenant's ceiling and an optional request allowlist), and why
 * each other tool is excluded.
 *
 * <pre>{@code new ToolRoutes(support, registry, gate, modulator, policy, flags, tenantTools)}</pre>
 */
public final class ToolRoutes implements Routes {
    private final RouteSupport support;
    private final ToolRegistry registry;
    private final ToolGate gate;
    private final Modulator modulator;
    private final ModulationPolicy policy;
    private final Flags flags;
    private final TenantTools tenantTools;

    public ToolRoutes(
            RouteSupport support,
            ToolRegistry registry,
            ToolGate gate,
            Modulator modulator,
            ModulationPolicy policy,
            Flags flags,
            TenantTools tenantTools) {
        this.support = Objects.requireNonNull(support, "support");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.modulator = Objects.requireNonNull(modulator, "modulator");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.flags = Objects.requireNonNull(flags, "flags");
        this.tenantTools = Objects.requireNonNull(tenantTools, "tenantTools");
    }

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
            support.requireOwnSession(p, session.get(), false);
        }
        Optional<List<String>> allowlist = Optional.ofNullable(ctx.queryParam("allowlist"))
                .map(a -> a.isBlank() ? List.<String>of() : List.of(a.split(",", -1)));
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
        List<String> modulated = session.map(s -> modulator.modulate(s).params().toolAllowlist())
                .orElseGet(() -> policy.defaultParams().toolAllowlist());
        ToolOfferRequest request = ToolOfferRequest.of(modulated).withTenantCeiling(tenantTools.of(p.tenant()));
        if (allowlist.isPresent()) {
            request = request.withRequestAllowlist(
                    allowlist.get().stream().map(String::strip).toList());
        }
        ToolOffer offer = gate.offer(request);
        ObjectNode out = NODES.objectNode();
        ObjectNode toolFlags = out.putObject("flags");
        for (CanonicalTool tool : CanonicalTool.values()) {
            tool.flag().ifPresent(f -> toolFlags.put(f, flags.isEnabled(f, false)));
        }
        if (allowlist.isPresent()) {
            ArrayNode a = out.putArray("allowlist");
            allowlist.get().stream().map(String::strip).sorted().forEach(a::add);
        } else {
            out.putNull("allowlist");
        }
        out.set("offered", offer.chatCompletionsTools());
        ArrayNode excluded = out.putArray("excluded");
        for (ToolExclusion e : offer.excluded()) {
            excluded.addObject()
                    .put("tool", e.tool())
                    .put("stage", e.stage().wireName())
                    .put("reason", e.reason());
        }
        json(ctx, 200, out);
    }
}
