package ai.lukhas.pwm.server.api;

import static ai.lukhas.pwm.server.api.RouteSupport.NODES;
import static ai.lukhas.pwm.server.api.RouteSupport.json;
import static ai.lukhas.pwm.server.api.RouteSupport.pathId;

import ai.lukhas.pwm.modulation.ModulatedParams;
import ai.lukhas.pwm.modulation.ModulationJson;
import ai.lukhas.pwm.modulation.ModulationResult;
import ai.lukhas.pwm.modulation.Modulator;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.modulation.SignalOutcome;
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
 * A modulation session: {@code POST /v1/sessions/{id}/signals} records signals (the first tenant to
 * write a session owns it) and {@code GET /v1/sessions/{id}} shows its parameters. A client key only
 * reaches its own tenant's sessions.
 *
 * <pre>{@code new SessionRoutes(support, modulator, policy.signalNames())}</pre>
 */
public record SessionRoutes(RouteSupport support, Modulator modulator, List<String> signalNames) implements Routes {

    public SessionRoutes {
        signalNames = List.copyOf(signalNames);
    }

    @Override
    public void register(RoutesConfig r) {
        r.post("/v1/sessions/{id}/signals", this::postSignals);
        r.get("/v1/sessions/{id}", this::getSession);
    }

    private void postSignals(Context ctx) {
        String session = pathId(ctx, "id", "session id");
        support.audited(ctx, Role.CLIENT, session, p -> {
            // Validate first: a refused request must not even claim the session id.
            Json.Reader r = new Json.Reader(Json.object(ctx)).only(Set.of("signals"));
            List<SignalInput> signals = SignalsReader.read(r, signalNames, true, true);
            r.finish();
            support.requireOwnSession(p, session, true);
            ArrayNode outcomes = NODES.arrayNode();
            for (SignalInput s : signals) {
                outcomes.add(outcome(modulator.record(session, s)));
            }
            ModulatedParams params = modulator.modulate(session).params();
            support.audit(p, session, "signals_recorded", NODES.objectNode().set("signals", outcomes.deepCopy()));
            ObjectNode out = NODES.objectNode().put("session_id", session);
            out.set("outcomes", outcomes);
            out.set("params", ModulationJson.params(params));
            ctx.header("x-lukhas-safety-mode", params.safetyMode().wireName());
            json(ctx, 200, out);
        });
    }

    private void getSession(Context ctx) {
        Principal p = support.auth(ctx, Role.CLIENT);
        String session = pathId(ctx, "id", "session id");
        support.requireOwnSession(p, session, false);
        ModulationResult m = modulator.modulate(session);
        ObjectNode out = NODES.objectNode().put("session_id", session);
        out.setAll(ModulationJson.result(m));
        ctx.header("x-lukhas-safety-mode", m.params().safetyMode().wireName());
        json(ctx, 200, out);
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
