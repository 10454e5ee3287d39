package ai.lukhas.pwm.server.api;

import static ai.lukhas.pwm.server.api.RouteSupport.NODES;
import static ai.lukhas.pwm.server.api.RouteSupport.json;

import ai.lukhas.pwm.flags.FlagConfigurationError;
import ai.lukhas.pwm.flags.FlagDefinition;
import ai.lukhas.pwm.flags.FlagService;
import ai.lukhas.pwm.flags.FlagType;
import ai.lukhas.pwm.flags.ResolvedFlag;
import ai.lukhas.pwm.server.auth.Principal;
import ai.lukhas.pwm.server.auth.Role;
import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.server.http.Routes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Feature flags, admin only: {@code GET /v1/flags} (every flag's value and where it came from, plus
 * configuration errors), {@code PUT /v1/flags/{name}} (a runtime override, stored so it survives a
 * restart) and {@code DELETE
 * /v1/flags/{name}} (remove the override: the flag falls back to environment, file or default), each
 * change audited with the value before and after.
 *
 * <pre>{@code new FlagRoutes(support, flagService)}</pre>
 */
public record FlagRoutes(RouteSupport support, FlagService flags) implements Routes {

    @Override
    public void register(RoutesConfig r) {
        r.get("/v1/flags", this::list);
        r.put("/v1/flags/{name}", this::put);
        r.delete("/v1/flags/{name}", this::clear);
    }

    private void list(Context ctx) {
        support.auth(ctx, Role.ADMIN);
        ArrayNode list = NODES.arrayNode();
        flags.all().forEach(f -> list.add(flag(f)));
        ArrayNode errors = NODES.arrayNode();
        for (FlagConfigurationError e : flags.errors()) {
            errors.addObject()
                    .put("flag", e.flag())
                    .put("source", e.source().wireName())
                    .put("origin", e.origin())
                    .put("value", e.value())
                    .put("problem", e.problem());
        }
        ObjectNode out = NODES.objectNode();
        out.set("flags", list);
        out.set("errors", errors);
        json(ctx, 200, out);
    }

    /** The same object as an entry of {@code bin/lukhas flags --json}. */
    private static ObjectNode flag(ResolvedFlag f) {
        ObjectNode n = NODES.objectNode()
                .put("name", f.name())
                .put("type", f.definition().type().wireName())
                .put("value", f.value())
                .put("source", f.source().wireName())
                .put("origin", f.origin())
                .put("default", f.definition().defaultValue());
        if (!f.definition().allowedValues().isEmpty()) {
            ArrayNode allowed = n.putArray("allowed_values");
            f.definition().allowedValues().forEach(allowed::add);
        }
        return n.put("description", f.definition().description());
    }

    private void put(Context ctx) {
        String name = ctx.pathParam("name");
        support.audited(ctx, Role.ADMIN, "", p -> {
            ResolvedFlag before = known(name);
            FlagDefinition definition = before.definition();
            String text = value(Json.object(ctx), name, definition);
            ResolvedFlag after;
            try {
                // stored: the override lasts until it is cleared, across restarts (docs/flags.md)
                after = flags.set(name, text);
            } catch (IllegalArgumentException e) {
                throw Json.unprocessable(
                        e.getMessage(), List.of(new Problem.FieldError("value", "must be " + definition.expected())));
            }
            changed(ctx, p, before, after);
        });
    }

    private void clear(Context ctx) {
        String name = ctx.pathParam("name");
        support.audited(ctx, Role.ADMIN, "", p -> {
            ResolvedFlag before = known(name);
            flags.clearOverride(name);
            ResolvedFlag after = flags.resolve(name).orElseThrow();
            changed(ctx, p, before, after);
        });
    }

    private ResolvedFlag known(String name) {
        return flags.resolve(name)
                .orElseThrow(() -> RouteSupport.notFound("no flag '" + Json.abbreviate(name) + "'; known flags: "
                        + String.join(
                                ", ",
                                flags.all().stream().map(ResolvedFlag::name).toList())));
    }

    /** Audits a change ({@code flag_changed}, from/to, the key) and answers {@code {flag, audit_id}}. */
    private void changed(Context ctx, Principal p, ResolvedFlag before, ResolvedFlag after) {
        String auditId = support.audit(
                p,
                "",
                "flag_changed",
                NODES.objectNode()
                        .put("flag", after.name())
                        .put("from", before.value())
                        .put("to", after.value())
                        .put("by_key", p.keyId()));
        ObjectNode out = NODES.objectNode();
        out.set("flag", flag(after));
        out.put("audit_id", auditId);
        ctx.header("x-lukhas-audit-id", auditId);
        json(ctx, 200, out);
    }

    /** {@code {"value": ...}}: true or false for a boolean flag, a string otherwise. */
    private static String value(ObjectNode body, String name, FlagDefinition definition) {
        Json.Reader r = new Json.Reader(body).only(Set.of("value"));
        Optional<JsonNode> value = r.any("value", true);
        boolean bool = definition.type() == FlagType.BOOLEAN;
        if (value.isPresent() && (bool ? !value.get().isBoolean() : !value.get().isTextual())) {
            r.invalid(
                    "value",
                    "must be " + (bool ? "true or false" : "a string") + " for flag " + name + ", but was "
                            + Json.describe(value.get()));
        }
        r.finish();
        return value.orElseThrow().asText();
    }
}
