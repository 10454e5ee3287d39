package ai.lukhas.pwm.server.api;

import static ai.lukhas.pwm.server.api.RouteSupport.NODES;
import static ai.lukhas.pwm.server.api.RouteSupport.json;
import static ai.lukhas.pwm.server.api.RouteSupport.limitParam;
import static ai.lukhas.pwm.server.api.RouteSupport.onlyQuery;
import static ai.lukhas.pwm.server.api.RouteSupport.query;

import ai.lukhas.pwm.governance.incident.Incident;
import ai.lukhas.pwm.governance.incident.IncidentKind;
import ai.lukhas.pwm.governance.incident.IncidentLog;
import ai.lukhas.pwm.governance.incident.IncidentQuery;
import ai.lukhas.pwm.server.auth.Role;
import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.server.http.Routes;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code GET /v1/incidents} (JSON) and {@code GET /v1/incidents.csv}, admin only, over the same
 * filters: session, kind (repeatable or comma-separated), a from/until window and a limit.
 *
 * <pre>{@code new IncidentRoutes(support, incidentLog)}</pre>
 */
public record IncidentRoutes(RouteSupport support, IncidentLog incidents) implements Routes {

    @Override
    public void register(RoutesConfig r) {
        r.get("/v1/incidents", this::list);
        r.get("/v1/incidents.csv", this::csv);
    }

    private void list(Context ctx) {
        support.auth(ctx, Role.ADMIN);
        ArrayNode list = NODES.arrayNode();
        for (Incident i : incidents.list(incidentQuery(ctx))) {
            list.add(RouteSupport.incident(i));
        }
        json(ctx, 200, NODES.objectNode().set("incidents", list));
    }

    private void csv(Context ctx) {
        support.auth(ctx, Role.ADMIN);
        StringBuilder csv = new StringBuilder();
        incidents.exportCsv(incidentQuery(ctx), csv);
        ctx.status(200).contentType("text/csv; charset=utf-8").result(csv.toString());
    }

    private static IncidentQuery incidentQuery(Context ctx) {
        onlyQuery(ctx, Set.of("session", "kind", "from", "until", "limit"));
        Set<IncidentKind> kinds = EnumSet.noneOf(IncidentKind.class);
        for (String raw : ctx.queryParams("kind")) {
            for (String k : raw.split(",")) {
                if (!k.isBlank()) {
                    kinds.add(kind(k));
                }
            }
        }
        RouteSupport.Window window = RouteSupport.window(ctx, "from", "until");
        return new IncidentQuery(query(ctx, "session"), window.from(), window.to(), kinds, limitParam(ctx));
    }

    private static IncidentKind kind(String k) {
        return IncidentKind.fromWireName(k.strip().toLowerCase(Locale.ROOT))
                .orElseThrow(() -> Json.badRequest(
                        "kind must be one of "
                                + String.join(
                                        ", ",
                                        EnumSet.allOf(IncidentKind.class).stream()
                                                .map(IncidentKind::wireName)
                                                .toList())
                                + ", but was '" + Json.abbreviate(k) + "'",
                        List.of(new Problem.FieldError("kind", "unknown incident kind"))));
    }
}
