package ai.lukhas.pwm.server.api;

import static ai.lukhas.pwm.server.api.RouteSupport.NODES;
import static ai.lukhas.pwm.server.api.RouteSupport.json;
import static ai.lukhas.pwm.server.api.RouteSupport.onlyQuery;
import static ai.lukhas.pwm.server.api.RouteSupport.query;

import ai.lukhas.pwm.server.auth.ApiKey;
import ai.lukhas.pwm.server.auth.ApiKeyStore;
import ai.lukhas.pwm.server.auth.IssuedKey;
import ai.lukhas.pwm.server.auth.Role;
import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.server.http.ProblemException;
import ai.lukhas.pwm.server.http.Routes;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * API keys and tenants, admin only: {@code GET /v1/keys} (never a secret), {@code POST /v1/keys} (the token
 * is in this one answer and nowhere else: only its SHA-256 is stored), {@code DELETE /v1/keys/{id}}
 * (refused for the last active admin key), and {@code GET /v1/tenants} (each tenant's tool ceiling and rate
 * limit, configured or with keys). Creations and revocations are audited, never with the token.
 *
 * <pre>{@code new KeyRoutes(support, apiKeyStore, tenants)}</pre>
 */
public record KeyRoutes(RouteSupport support, ApiKeyStore keys, TenantSettings tenants) implements Routes {
    static final int MAX_LABEL = 100;
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{12}");

    /** A tenant's settings as {@code GET /v1/tenants} shows them. */
    public record TenantView(List<String> tools, double requestsPerSecond, int burst) {
        public TenantView {
            tools = List.copyOf(tools);
        }
    }

    /** Which tenants are configured, and the settings that apply to any tenant (unlisted: the default's). */
    public interface TenantSettings {
        Set<String> configured();

        TenantView of(String tenant);
    }

    @Override
    public void register(RoutesConfig r) {
        r.get("/v1/keys", this::list);
        r.post("/v1/keys", this::create);
        r.delete("/v1/keys/{id}", this::revoke);
        r.get("/v1/tenants", this::tenantList);
    }

    private void list(Context ctx) {
        support.auth(ctx, Role.ADMIN);
        onlyQuery(ctx, Set.of(RouteSupport.TENANT, "include_revoked"));
        Optional<String> tenant = query(ctx, RouteSupport.TENANT)
                .map(t -> RouteSupport.tenantName(t, RouteSupport.TENANT).value());
        boolean revoked = RouteSupport.booleanParam(ctx, "include_revoked");
        ArrayNode list = NODES.arrayNode();
        for (ApiKey k : keys.list()) {
            if ((revoked || k.active()) && tenant.map(t -> t.equals(k.tenant())).orElse(true)) {
                list.add(key(k));
            }
        }
        json(ctx, 200, NODES.objectNode().set("keys", list));
    }

    private void create(Context ctx) {
        support.audited(ctx, Role.ADMIN, "", p -> {
            onlyQuery(ctx, Set.of());
            Json.Reader r = new Json.Reader(Json.object(ctx)).only(Set.of("role", "tenant", "label"));
            Optional<String> roleText = r.text("role", true, 16);
            Optional<String> tenantText = r.text("tenant", false, 64);
            Optional<String> label = r.text("label", false, MAX_LABEL);
            Optional<Role> role = Optional.empty();
            if (roleText.isPresent()) {
                try {
                    role = Optional.of(Role.parse(roleText.get()));
                } catch (IllegalArgumentException e) {
                    r.invalid("role", "must be client or admin, but was '" + Json.abbreviate(roleText.get()) + "'");
                }
            }
            if (tenantText.isPresent()) {
                try {
                    TenantId.of(tenantText.get());
                } catch (IllegalArgumentException e) {
                    r.invalid("tenant", "must be 1-64 letters, digits, '.', '_' or '-'");
                }
            }
            r.finish();
            String tenant = tenantText.orElse(p.tenant());
            IssuedKey issued = keys.issue(role.orElseThrow(), tenant, label.orElse(""));
            support.keysChanged();
            ObjectNode key = key(issued.key());
            String auditId =
                    support.audit(p, "", "key_created", NODES.objectNode().set("key", key.deepCopy()));
            ObjectNode out = NODES.objectNode();
            out.set("key", key);
            out.put("token", issued.token()).put("audit_id", auditId);
            ctx.header("x-lukhas-audit-id", auditId);
            ctx.header("Cache-Control", "no-store");
            json(ctx, 201, out);
        });
    }

    private void revoke(Context ctx) {
        String id = ctx.pathParam("id");
        support.audited(ctx, Role.ADMIN, "", p -> {
            onlyQuery(ctx, Set.of());
            if (!KEY_ID.matcher(id).matches()) {
                throw Json.badRequest(
                        "key id must be 12 lowercase hex digits (the id column of GET /v1/keys), but was '"
                                + Json.abbreviate(id) + "'",
                        List.of(new Problem.FieldError("id", "must match " + KEY_ID.pattern())));
            }
            switch (keys.revokeKeepingAnAdmin(id)) {
                case NOT_FOUND -> throw RouteSupport.notFound("no active key '" + id + "' (GET /v1/keys lists them)");
                case LAST_ADMIN ->
                    throw new ProblemException(Problem.of(
                            409,
                            "Conflict",
                            "key " + id + " is the last active admin key; create another admin key first"
                                    + " (POST /v1/keys with role admin), then revoke this one"));
                case REVOKED -> support.keysChanged();
            }
            ObjectNode key = key(keys.find(id).orElseThrow());
            String auditId =
                    support.audit(p, "", "key_revoked", NODES.objectNode().set("key", key.deepCopy()));
            ObjectNode out = NODES.objectNode();
            out.set("key", key);
            out.put("audit_id", auditId);
            ctx.header("x-lukhas-audit-id", auditId);
            json(ctx, 200, out);
        });
    }

    private void tenantList(Context ctx) {
        support.auth(ctx, Role.ADMIN);
        onlyQuery(ctx, Set.of());
        Map<String, Integer> active = new TreeMap<>();
        tenants.configured().forEach(t -> active.put(t, 0));
        for (ApiKey k : keys.list()) {
            active.merge(k.tenant(), k.active() ? 1 : 0, Integer::sum);
        }
        ArrayNode list = NODES.arrayNode();
        active.forEach((name, n) -> {
            TenantView v = tenants.of(name);
            ObjectNode t = list.addObject().put("tenant", name);
            ArrayNode tools = t.putArray("tools");
            v.tools().forEach(tools::add);
            t.putObject("rate_limit")
                    .put("requests_per_second", v.requestsPerSecond())
                    .put("burst", v.burst());
            t.put("active_keys", n).put("configured", tenants.configured().contains(name));
        });
        json(ctx, 200, NODES.objectNode().set("tenants", list));
    }

    static ObjectNode key(ApiKey k) {
        ObjectNode n = NODES.objectNode()
                .put("id", k.id())
                .put("role", k.role().wireName())
                .put("tenant", k.tenant())
                .put("label", k.label())
                .put("created_at", k.createdAt().toString());
        k.revokedAt().ifPresentOrElse(t -> n.put("revoked_at", t.toString()), () -> n.putNull("revoked_at"));
        return n.put("active", k.active());
    }
}
