package ai.lukhas.pwm.server.api;

import static ai.lukhas.pwm.server.api.RouteSupport.NODES;
import static ai.lukhas.pwm.server.api.RouteSupport.json;
import static ai.lukhas.pwm.server.api.RouteSupport.onlyQuery;
import static ai.lukhas.pwm.server.api.RouteSupport.pathId;

import ai.lukhas.pwm.governance.incident.Hold;
import ai.lukhas.pwm.modulation.ModulatedParams;
import ai.lukhas.pwm.modulation.ModulationJson;
import ai.lukhas.pwm.modulation.ModulationResult;
import ai.lukhas.pwm.modulation.SessionKey;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.modulation.SignalOutcome;
import ai.lukhas.pwm.pipeline.SessionStore;
import ai.lukhas.pwm.server.auth.Principal;
import ai.lukhas.pwm.server.auth.Role;
import ai.lukhas.pwm.server.http.Routes;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/**
 * A modulation session of the caller's tenant (sessions are per tenant: another tenant's session with
 * the same id is another session): {@code POST /v1/sessions/{id}/signals} records signals, {@code GET
 * /v1/sessions/{id}} shows its parameters and escalation holds, and {@code DELETE
 * /v1/sessions/{id}/hold} lets an admin release a hold (audited). Every answer modulates through the
 * {@link SessionStore}, so a held session is strict whatever signals it was sent.
 *
 * <pre>{@code new SessionRoutes(support, pipeline.sessions(), policy.signalNames())}</pre>
 */
public record SessionRoutes(RouteSupport support, SessionStore sessions, List<String> signalNames) implements Routes {

    public SessionRoutes {
        signalNames = List.copyOf(signalNames);
    }

    @Override
    public void register(RoutesConfig r) {
        r.post("/v1/sessions/{id}/signals", this::postSignals);
        r.get("/v1/sessions/{id}", this::getSession);
        r.delete("/v1/sessions/{id}/hold", this::releaseHold);
    }

    private void postSignals(Context ctx) {
        String id = pathId(ctx, "id", "session id");
        support.audited(ctx, Role.CLIENT, id, p -> {
            onlyQuery(ctx, Set.of("tenant"));
            SessionKey session = RouteSupport.session(p, ctx, id);
            // Validate first: a refused request records nothing.
            Json.Reader r = new Json.Reader(Json.object(ctx)).only(Set.of("signals"));
            List<SignalInput> signals = SignalsReader.read(r, signalNames, true, true);
            r.finish();
            ArrayNode outcomes = NODES.arrayNode();
            for (SignalOutcome o : sessions.record(session, p.keyId(), signals)) {
                outcomes.add(outcome(o));
            }
            ModulatedParams params = sessions.modulate(session).params();
            support.audit(p, session, "signals_recorded", NODES.objectNode().set("signals", outcomes.deepCopy()));
            ObjectNode out = NODES.objectNode().put("session_id", id);
            out.set("outcomes", outcomes);
            out.set("params", ModulationJson.params(params));
            out.set("holds", holds(sessions.holds(session)));
            ctx.header("x-lukhas-safety-mode", params.safetyMode().wireName());
            json(ctx, 200, out);
        });
    }

    private void getSession(Context ctx) {
        Principal p = support.auth(ctx, Role.CLIENT);
        String id = pathId(ctx, "id", "session id");
        onlyQuery(ctx, Set.of("tenant"));
        SessionKey session = RouteSupport.session(p, ctx, id);
        List<Hold> holds = sessions.holds(session);
        ModulationResult m = sessions.modulate(session);
        ObjectNode out = NODES.objectNode().put("session_id", id);
        out.setAll(ModulationJson.result(m));
        out.set("holds", holds(holds));
        if (!holds.isEmpty()) {
            out.put("held_until", holds.get(0).until().toString());
        }
        ctx.header("x-lukhas-safety-mode", m.params().safetyMode().wireName());
        json(ctx, 200, out);
    }

    private void releaseHold(Context ctx) {
        String id = pathId(ctx, "id", "session id");
        support.audited(ctx, Role.ADMIN, id, p -> {
            onlyQuery(ctx, Set.of("tenant"));
            SessionKey session = RouteSupport.session(p, ctx, id);
            List<Hold> released = sessions.release(session);
            if (released.isEmpty()) {
                throw RouteSupport.notFound("session '" + id + "' of tenant " + session.tenant()
                        + " has no escalation hold of its own to release (name the tenant with ?tenant=)");
            }
            ObjectNode audited = NODES.objectNode();
            audited.set("released", holds(released));
            support.audit(p, session, "hold_released", audited);
            ModulatedParams params = sessions.modulate(session).params();
            ObjectNode out = NODES.objectNode().put("session_id", id).put("tenant", session.tenant());
            out.set("released", holds(released));
            out.set("holds", holds(sessions.holds(session)));
            out.set("params", ModulationJson.params(params));
            ctx.header("x-lukhas-safety-mode", params.safetyMode().wireName());
            json(ctx, 200, out);
        });
    }

    private static ArrayNode holds(List<Hold> holds) {
        ArrayNode a = NODES.arrayNode();
        for (Hold h : holds) {
            a.addObject()
                    .put("scope", h.scope().wireName())
                    .put("placed_at", h.placedAt().toString())
                    .put("until", h.until().toString())
                    .put("incident_kind", h.kind().wireName())
                    .put("audit_id", h.auditId());
        }
        return a;
    }

    private static ObjectNode outcome(SignalOutcome o) {
        ObjectNode n = NODES.objectNode();
        switch (o) {
            case SignalOutcome.Accepted a -> {
                n.put("signal", a.signal()).put("status", "accepted").put("level", a.level());
                a.clampedFrom().ifPresent(c -> n.put("clamped_from", c));
                n.put("active_until", a.activeUntil().toString());
            }
            case SignalOutcome.Suppressed s ->
                n.put("signal", s.signal())
                        .put("status", "suppressed")
                        .put("level", s.level())
                        .put("cooldown_until", s.cooldownUntil().toString());
            // Names and levels are validated before recording, so the modulator has nothing to reject.
            case SignalOutcome.Rejected rj ->
                throw new IllegalStateException("validated signal was rejected: " + rj.reason());
        }
        return n;
    }
}
