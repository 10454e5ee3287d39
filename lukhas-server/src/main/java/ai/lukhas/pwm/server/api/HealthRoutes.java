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
 * {@code GET /readyz} (the database answers and is writable, the audit directory is writable) and
 * {@code GET /metrics} (Prometheus text). Neither asks for a key, as probes and scrapers expect: bind
 * to a trusted network or scrape over loopback.
 *
 * <pre>{@code new HealthRoutes(database, dataDir.database(), auditLog.directory(), metrics::scrape)}</pre>
 */
public record HealthRoutes(Database database, Path databaseFile, Path auditDirectory, Supplier<String> scrape)
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
        ObjectNode checks = NODES.objectNode().put("store", "ok").put("audit", "ok");
        json(ctx, 200, NODES.objectNode().put("status", "ready").set("checks", checks));
    }

    private void metrics(Context ctx) {
        ctx.status(200).contentType(METRICS_CONTENT_TYPE).result(scrape.get());
    }
}
