package ai.lukhas.pwm.server.api;

import static ai.lukhas.pwm.server.api.RouteSupport.NODES;
import static ai.lukhas.pwm.server.api.RouteSupport.json;
import static ai.lukhas.pwm.server.api.RouteSupport.onlyQuery;

import ai.lukhas.pwm.audit.AuditLog;
import ai.lukhas.pwm.audit.SignedCheckpoint;
import ai.lukhas.pwm.modulation.SafetyMode;
import ai.lukhas.pwm.pipeline.SessionStore;
import ai.lukhas.pwm.server.auth.Role;
import ai.lukhas.pwm.server.http.Routes;
import ai.lukhas.pwm.server.stats.Overview;
import ai.lukhas.pwm.server.stats.OverviewStats;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * {@code GET /v1/admin/overview}, admin only: the dashboard's first page, gateway-wide, from pre-aggregated
 * counters ({@link OverviewStats}), the session store's mode counts (recomputed at most every {@link
 * #MODES_TTL}, since it modulates every held session) and the audit log's size and latest signed checkpoint
 * — never a scan of the audit log or the incident store.
 *
 * <pre>{@code new OverviewRoutes(support, overviewStats, pipeline.sessions(), auditLog, clock)}</pre>
 */
public final class OverviewRoutes implements Routes {
    /** How long a count of sessions by mode is reused. */
    static final Duration MODES_TTL = Duration.ofSeconds(5);

    private final RouteSupport support;
    private final OverviewStats stats;
    private final SessionStore sessions;
    private final AuditLog audit;
    private final Clock clock;

    private record Modes(Instant at, Map<SafetyMode, Integer> counts) {}

    private volatile Optional<Modes> modes = Optional.empty();

    public OverviewRoutes(
            RouteSupport support, OverviewStats stats, SessionStore sessions, AuditLog audit, Clock clock) {
        this.support = support;
        this.stats = stats;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void register(RoutesConfig r) {
        r.get("/v1/admin/overview", this::overview);
    }

    private void overview(Context ctx) {
        support.auth(ctx, Role.ADMIN);
        onlyQuery(ctx, Set.of());
        Overview o = stats.overview();
        ObjectNode out = NODES.objectNode()
                .put("at", o.at().toString())
                .put("started_at", o.startedAt().toString());
        out.putObject("requests")
                .put("per_minute", o.requestsLastMinute())
                .put("last_hour", o.requestsLastHour())
                .put("errors_last_hour", o.errorsLastHour())
                .put("error_rate", o.errorRate());
        ObjectNode latency = out.putObject("added_latency_ms");
        millis(latency, "p50", o.addedP50Ms());
        millis(latency, "p99", o.addedP99Ms());
        latency.put("samples", o.latencySamples()).put("window_seconds", 3600);
        ObjectNode incidents = out.putObject("incidents")
                .put("last_hour", o.incidentsLastHour())
                .put("last_day", o.incidentsLastDay());
        ObjectNode byKind = incidents.putObject("by_kind_last_day");
        o.incidentsByKindLastDay().forEach((k, n) -> byKind.put(k.wireName(), n));
        ObjectNode byMode = out.putObject("sessions_by_mode");
        modeCounts().forEach((m, n) -> byMode.put(m.wireName(), n));
        ArrayNode top = out.putArray("top_blocked_tools");
        o.topBlockedTools().forEach(t -> top.addObject().put("tool", t.tool()).put("count", t.count()));
        ObjectNode provider = out.putObject("provider_errors").put("last_hour", o.providerErrorsLastHour());
        ObjectNode byType = provider.putObject("by_type_last_hour");
        o.providerErrorsByTypeLastHour().forEach(byType::put);
        ObjectNode chain = out.putObject("audit").put("records", audit.size());
        o.lastVerified()
                .ifPresentOrElse(
                        v -> chain.putObject("last_verified")
                                .put("at", v.at().toString())
                                .put("intact", v.intact())
                                .put("records", v.records()),
                        () -> chain.putNull("last_verified"));
        Optional<SignedCheckpoint> checkpoint = audit.latestCheckpoint();
        checkpoint.ifPresentOrElse(
                c -> chain.putObject("last_checkpoint")
                        .put("at", c.ts().toString())
                        .put("tree_size", c.treeSize()),
                () -> chain.putNull("last_checkpoint"));
        json(ctx, 200, out);
    }

    private static void millis(ObjectNode node, String field, OptionalDouble value) {
        if (value.isPresent()) {
            // three decimals: microsecond resolution is all the histogram has
            node.put(field, Math.round(value.getAsDouble() * 1000) / 1000.0);
        } else {
            node.putNull(field);
        }
    }

    private Map<SafetyMode, Integer> modeCounts() {
        Instant now = clock.instant();
        Optional<Modes> cached = modes;
        if (cached.isPresent()
                && !now.isBefore(cached.get().at())
                && now.isBefore(cached.get().at().plus(MODES_TTL))) {
            return cached.get().counts();
        }
        Modes fresh = new Modes(now, Map.copyOf(sessions.countByMode()));
        modes = Optional.of(fresh);
        return fresh.counts();
    }
}
