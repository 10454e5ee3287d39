package ai.lukhas.pwm.server.api;

import static ai.lukhas.pwm.server.api.RouteSupport.NODES;
import static ai.lukhas.pwm.server.api.RouteSupport.json;

import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.server.http.ProblemException;
import ai.lukhas.pwm.server.http.Routes;
import ai.lukhas.pwm.store.Database;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code GET /readyz} and {@code GET /metrics} (Prometheus text). Neither asks for a key, as probes
 * and scrapers expect: bind to a trusted network or scrape over loopback.
 *
 * <p>Readiness: <b>not ready</b> (503) when the database does not answer or is not writable, or the
 * audit directory is not writable — the gateway cannot serve a governed request at all. <b>Degraded</b>
 * (200, {@code "status": "degraded"}) when only the upstream is unreachable or refuses the key: chat
 * requests fail with 502 until it is back, but the management API, audit and sessions work, and every
 * replica shares the same upstream, so taking them all out of a load balancer would not help. The
 * upstream is checked by an {@link UpstreamProbe} (cached, at most one check per 10 s).
 *
 * <pre>{@code new HealthRoutes(database, dataDir.database(), auditLog.directory(), probe, metrics::scrape)}</pre>
 */
public record HealthRoutes(
        Database database, Path databaseFile, Path auditDirectory, UpstreamProbe upstream, Supplier<String> scrape)
        implements Routes {
    /** The content type of the Prometheus text format 0.0.4. */
    public static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    @Override
    public void register(RoutesConfig r) {
        r.get("/readyz", this::readyz);
        r.get("/metrics", this::metrics);
    }

    private void readyz(Context ctx) {
        List<Problem.FieldError> failed = new ArrayList<>();
        try {
            database.transaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA user_version");
                }
                return null;
            });
            if (!Files.isWritable(databaseFile)) {
                failed.add(new Problem.FieldError("store", "database file " + databaseFile + " is not writable"));
            }
        } catch (RuntimeException e) {
            failed.add(new Problem.FieldError("store", "database: " + e.getMessage()));
        }
        if (!Files.isDirectory(auditDirectory) || !Files.isWritable(auditDirectory)) {
            failed.add(new Problem.FieldError(
                    "audit", "audit directory " + auditDirectory + " is not a writable directory"));
        }
        if (!failed.isEmpty()) {
            throw new ProblemException(Problem.of(
                            503,
                            "Not ready",
                            String.join(
                                            "; ",
                                            failed.stream()
                                                    .map(Problem.FieldError::message)
                                                    .toList()) + "; fix the storage and retry")
                    .withErrors(failed));
        }
        UpstreamProbe.Result up = upstream.current();
        boolean reachable = up.check().reachable();
        ObjectNode checks = NODES.objectNode()
                .put("store", "ok")
                .put("audit", "ok")
                .put("upstream", reachable ? "ok" : "unreachable");
        ObjectNode out = NODES.objectNode().put("status", reachable ? "ready" : "degraded");
        out.set("checks", checks);
        out.putObject("upstream")
                .put("provider", up.provider())
                .put("reachable", reachable)
                .put("detail", up.check().detail())
                .put("checked_at", up.checkedAt().toString());
        json(ctx, 200, out);
    }

    private void metrics(Context ctx) {
        ctx.status(200).contentType(METRICS_CONTENT_TYPE).result(scrape.get());
    }
}
