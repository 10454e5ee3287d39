package ai.lukhas.pwm.server.api;

import static ai.lukhas.pwm.server.api.RouteSupport.NODES;
import static ai.lukhas.pwm.server.api.RouteSupport.json;
import static ai.lukhas.pwm.server.api.RouteSupport.limitParam;
import static ai.lukhas.pwm.server.api.RouteSupport.onlyQuery;
import static ai.lukhas.pwm.server.api.RouteSupport.query;

import ai.lukhas.pwm.governance.incident.IncidentCursor;
import ai.lukhas.pwm.governance.incident.IncidentKind;
import ai.lukhas.pwm.governance.incident.IncidentLog;
import ai.lukhas.pwm.governance.incident.IncidentQuery;
import ai.lukhas.pwm.governance.incident.StoredIncident;
import ai.lukhas.pwm.server.auth.Principal;
import ai.lukhas.pwm.server.auth.Role;
import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.server.http.Routes;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /v1/incidents} (JSON, paged by cursor, or polled for new ones with {@code after}) and {@code
 * GET /v1/incidents.csv}, admin only, over the same filters: the tenant (the key's own, {@code ?tenant=}
 * another, or {@code ?all_tenants=true} every tenant), session, kind (repeatable or comma-separated), a
 * from/until window and a limit.
 *
 * <pre>{@code new IncidentRoutes(support, incidentLog)}</pre>
 */
public record IncidentRoutes(RouteSupport support, IncidentLog incidents) implements Routes {
    static final String ALL_TENANTS = "all_tenants";
    private static final Set<String> FILTERS =
            Set.of("session", "kind", "from", "until", "limit", RouteSupport.TENANT, ALL_TENANTS);

    @Override
    public void register(RoutesConfig r) {
        r.get("/v1/incidents", this::list);
        r.get("/v1/incidents.csv", this::csv);
    }

    private void list(Context ctx) {
        Principal p = support.auth(ctx, Role.ADMIN);
        onlyQuery(ctx, union(FILTERS, Set.of("cursor", "after")));
        IncidentQuery q = incidentQuery(ctx, p);
        Optional<IncidentCursor> before = cursor(ctx, "cursor");
        Optional<IncidentCursor> after = cursor(ctx, "after");
        if (before.isPresent() && after.isPresent()) {
            throw Json.badRequest(
                    "cursor (older incidents) and after (newer ones) cannot be combined; send one",
                    List.of(new Problem.FieldError("after", "must not be sent with cursor")));
        }
        // the poll position is taken before the query, so an incident recorded meanwhile is never skipped
        IncidentCursor end = incidents.end();
        if (before.isPresent()) {
            q = q.olderThan(before.get());
        }
        if (after.isPresent()) {
            q = q.recordedAfter(after.get());
        }
        List<StoredIncident> rows = incidents.listed(q);
        ArrayNode list = NODES.arrayNode();
        for (StoredIncident s : rows) {
            list.add(RouteSupport.incident(s.incident()));
        }
        ObjectNode out = NODES.objectNode();
        out.set("incidents", list);
        boolean full = rows.size() == q.limit();
        RouteSupport.nextCursor(
                out,
                after.isEmpty() && full ? Optional.of(rows.getLast().cursor().encode()) : Optional.empty());
        // where the next poll continues: past every incident seen here, and past the end seen before the
        // query unless a full page of new incidents stopped short of it
        IncidentCursor poll = after.orElse(IncidentCursor.START);
        for (StoredIncident row : rows) {
            poll = later(poll, row.cursor());
        }
        if (after.isEmpty() || !full) {
            poll = later(poll, end);
        }
        out.put("poll_cursor", poll.encode());
        json(ctx, 200, out);
    }

    private static IncidentCursor later(IncidentCursor a, IncidentCursor b) {
        return a.seq() >= b.seq() ? a : b;
    }

    private void csv(Context ctx) {
        Principal p = support.auth(ctx, Role.ADMIN);
        onlyQuery(ctx, FILTERS);
        StringBuilder csv = new StringBuilder();
        incidents.exportCsv(incidentQuery(ctx, p), csv);
        ctx.status(200).contentType("text/csv; charset=utf-8").result(csv.toString());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    private static Optional<IncidentCursor> cursor(Context ctx, String name) {
        return RouteSupport.parsedParam(
                ctx,
                name,
                IncidentCursor::parse,
                "a cursor an earlier answer of /v1/incidents returned",
                "must be a next_cursor or poll_cursor from this route");
    }

    /** The filters of both routes; the tenant is the key's own, a named one, or every tenant. */
    static IncidentQuery incidentQuery(Context ctx, Principal p) {
        Set<IncidentKind> kinds = EnumSet.noneOf(IncidentKind.class);
        for (String raw : ctx.queryParams("kind")) {
            for (String k : raw.split(",")) {
                if (!k.isBlank()) {
                    kinds.add(kind(k));
                }
            }
        }
        RouteSupport.Window window = RouteSupport.window(ctx, "from", "until");
        IncidentQuery q = new IncidentQuery(query(ctx, "session"), window.from(), window.to(), kinds, limitParam(ctx));
        if (RouteSupport.booleanParam(ctx, ALL_TENANTS)) {
            if (query(ctx, RouteSupport.TENANT).isPresent()) {
                throw Json.badRequest(
                        "name one tenant with ?tenant= or ask for every tenant with ?all_tenants=true, not both",
                        List.of(new Problem.FieldError(ALL_TENANTS, "must not be sent with tenant")));
            }
            return q;
        }
        TenantId tenant = RouteSupport.tenant(ctx, p);
        return q.forTenant(tenant);
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
