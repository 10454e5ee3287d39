package ai.lukhas.pwm.server.api;

import static ai.lukhas.pwm.server.api.RouteSupport.NODES;
import static ai.lukhas.pwm.server.api.RouteSupport.json;
import static ai.lukhas.pwm.server.api.RouteSupport.limitParam;
import static ai.lukhas.pwm.server.api.RouteSupport.onlyQuery;
import static ai.lukhas.pwm.server.api.RouteSupport.pathId;
import static ai.lukhas.pwm.server.api.RouteSupport.query;

import ai.lukhas.pwm.governance.incident.Hold;
import ai.lukhas.pwm.governance.incident.IncidentLog;
import ai.lukhas.pwm.governance.incident.IncidentQuery;
import ai.lukhas.pwm.modulation.ModulatedParams;
import ai.lukhas.pwm.modulation.ModulationJson;
import ai.lukhas.pwm.modulation.ModulationResult;
import ai.lukhas.pwm.modulation.SessionKey;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.modulation.SignalOutcome;
import ai.lukhas.pwm.pipeline.SessionSnapshot;
import ai.lukhas.pwm.pipeline.SessionStore;
import ai.lukhas.pwm.server.auth.Principal;
import ai.lukhas.pwm.server.auth.Role;
import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.server.http.Routes;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A modulation session of the caller's tenant (sessions are per tenant: another tenant's session with
 * the same id is another session): {@code POST /v1/sessions/{id}/signals} records signals, {@code GET
 * /v1/sessions/{id}} shows its parameters and escalation holds, and {@code DELETE
 * /v1/sessions/{id}/hold} lets an admin release a hold (audited). Every answer modulates through the
 * {@link SessionStore}, so a held session is strict whatever signals it was sent.
 *
 * {@code GET /v1/sessions} (admin) finds the tenant's sessions the gateway holds, by user too.
 *
 * <pre>{@code new SessionRoutes(support, pipeline.sessions(), policy.signalNames(), incidentLog)}</pre>
 */
public record SessionRoutes(
        RouteSupport support, SessionStore sessions, List<String> signalNames, IncidentLog incidents)
        implements Routes {
    /** How many of a session's latest incidents an admin's {@code GET /v1/sessions/{id}} shows. */
    static final int SESSION_INCIDENTS = 20;
    /** The most characters of a hold release's {@code reason}. */
    static final int MAX_REASON = 500;

    public SessionRoutes {
        signalNames = List.copyOf(signalNames);
    }

    @Override
    public void register(RoutesConfig r) {
        r.get("/v1/sessions", this::find);
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
        if (p.isAdmin()) {
            // what the dashboard shows of a session beyond its parameters: its last request and incidents
            Optional<SessionSnapshot> snap = sessions.snapshot(session);
            ObjectNode activity = out.putObject("activity");
            snap.flatMap(SessionSnapshot::userId)
                    .ifPresentOrElse(u -> activity.put("user_id", u), () -> activity.putNull("user_id"));
            snap.ifPresentOrElse(
                    a -> activity.put("last_activity", a.lastActivity().toString()),
                    () -> activity.putNull("last_activity"));
            activity.put(
                    "incident_count", snap.map(SessionSnapshot::incidentCount).orElse(0L));
            ArrayNode list = out.putArray("incidents");
            IncidentQuery q = IncidentQuery.latest(SESSION_INCIDENTS)
                    .forTenant(TenantId.of(session.tenant()))
                    .forSession(id);
            incidents.list(q).forEach(i -> list.add(RouteSupport.incident(i)));
        }
        ctx.header("x-lukhas-safety-mode", m.params().safetyMode().wireName());
        json(ctx, 200, out);
    }

    private void releaseHold(Context ctx) {
        String id = pathId(ctx, "id", "session id");
        support.audited(ctx, Role.ADMIN, id, p -> {
            onlyQuery(ctx, Set.of("tenant", "reason"));
            SessionKey session = RouteSupport.session(p, ctx, id);
            Optional<String> reason = query(ctx, "reason").map(String::strip);
            if (reason.isPresent() && reason.get().length() > MAX_REASON) {
                throw Json.badRequest(
                        "reason must be at most " + MAX_REASON + " characters, but was "
                                + reason.get().length(),
                        List.of(new Problem.FieldError("reason", "at most " + MAX_REASON + " characters")));
            }
            List<Hold> released = sessions.release(session);
            if (released.isEmpty()) {
                throw RouteSupport.notFound("session '" + id + "' of tenant " + session.tenant()
                        + " has no escalation hold of its own to release (name the tenant with ?tenant=)");
            }
            ObjectNode audited = NODES.objectNode();
            audited.set("released", holds(released));
            reason.ifPresentOrElse(r -> audited.put("reason", r), () -> audited.putNull("reason"));
            String auditId = support.audit(p, session, "hold_released", audited);
            ModulatedParams params = sessions.modulate(session).params();
            ObjectNode out = NODES.objectNode().put("session_id", id).put("tenant", session.tenant());
            out.set("released", holds(released));
            out.set("holds", holds(sessions.holds(session)));
            out.set("params", ModulationJson.params(params));
            out.put("audit_id", auditId);
            ctx.header("x-lukhas-safety-mode", params.safetyMode().wireName());
            json(ctx, 200, out);
        });
    }

    /** {@code GET /v1/sessions}: the tenant's sessions this gateway holds, most recently active first. */
    private void find(Context ctx) {
        Principal p = support.auth(ctx, Role.ADMIN);
        onlyQuery(ctx, Set.of("tenant", "user", "limit"));
        TenantId tenant = RouteSupport.tenant(ctx, p);
        Optional<String> user = query(ctx, "user");
        if (user.isPresent() && user.get().length() > 128) {
            throw Json.badRequest(
                    "user must be at most 128 characters, but was " + user.get().length(),
                    List.of(new Problem.FieldError("user", "at most 128 characters")));
        }
        ArrayNode list = NODES.arrayNode();
        for (SessionSnapshot snap : sessions.find(tenant.value(), user, limitParam(ctx))) {
            ObjectNode n = list.addObject()
                    .put("session_id", snap.sessionId())
                    .put("tenant", snap.session().tenant());
            snap.userId().ifPresentOrElse(u -> n.put("user_id", u), () -> n.putNull("user_id"));
            n.put("safety_mode", snap.safetyMode().wireName());
            if (snap.holds().isEmpty()) {
                n.putNull("held_until");
            } else {
                n.put("held_until", snap.holds().get(0).until().toString());
            }
            n.put("incident_count", snap.incidentCount())
                    .put("last_activity", snap.lastActivity().toString());
        }
        json(ctx, 200, NODES.objectNode().set("sessions", list));
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
