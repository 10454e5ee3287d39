package ai.lukhas.pwm.server.api;

import static ai.lukhas.pwm.server.api.RouteSupport.NODES;
import static ai.lukhas.pwm.server.api.RouteSupport.json;
import static ai.lukhas.pwm.server.api.RouteSupport.limitParam;
import static ai.lukhas.pwm.server.api.RouteSupport.notFound;
import static ai.lukhas.pwm.server.api.RouteSupport.onlyQuery;
import static ai.lukhas.pwm.server.api.RouteSupport.pathId;
import static ai.lukhas.pwm.server.api.RouteSupport.query;

import ai.lukhas.pwm.audit.AuditLog;
import ai.lukhas.pwm.audit.AuditPage;
import ai.lukhas.pwm.audit.AuditQuery;
import ai.lukhas.pwm.audit.AuditRecord;
import ai.lukhas.pwm.audit.AuditVerifier;
import ai.lukhas.pwm.audit.ProofLookup;
import ai.lukhas.pwm.audit.VerificationReport;
import ai.lukhas.pwm.server.auth.Principal;
import ai.lukhas.pwm.server.auth.Role;
import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.server.http.ProblemException;
import ai.lukhas.pwm.server.http.Routes;
import ai.lukhas.pwm.server.stats.OverviewStats;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The audit log: {@code GET /v1/audit/verify} (admin: the hash chain), {@code GET /v1/audit/{id}}, its
 * inclusion proof {@code GET /v1/audit/{id}/proof} and {@code GET /v1/audit} (a page of records). A client key sees its own tenant's records only; another
 * tenant's record is "not found".
 *
 * Every verification is reported to the overview's counters (its last one shows on the dashboard).
 *
 * <pre>{@code new AuditRoutes(support, auditLog, overviewStats, clock)}</pre>
 */
public record AuditRoutes(RouteSupport support, AuditLog audit, OverviewStats overview, Clock clock) implements Routes {

    @Override
    public void register(RoutesConfig r) {
        // verify before {id}, so that "verify" is never read as an audit id
        r.get("/v1/audit/verify", this::verify);
        r.get("/v1/audit/{id}", this::record);
        r.get("/v1/audit/{id}/proof", this::proof);
        r.get("/v1/audit", this::page);
    }

    private static boolean visible(Principal p, AuditRecord r) {
        return p.isAdmin() || r.bundle().tenant().equals(p.tenant());
    }

    private void record(Context ctx) {
        Principal p = support.auth(ctx, Role.CLIENT);
        String id = pathId(ctx, "id", "audit id");
        Optional<AuditRecord> rec = audit.find(id).filter(r -> visible(p, r));
        // Another tenant's record is "not found": a client must not learn that it exists.
        if (rec.isEmpty()) {
            throw notFound("no audit record '" + id + "'" + (p.isAdmin() ? "" : " for tenant " + p.tenant()));
        }
        json(ctx, 200, rec.get().json());
    }

    /**
     * The record's inclusion proof against the latest signed checkpoint, scoped like {@code /v1/audit/{id}}:
     * another tenant's record is "not found". 409 while no checkpoint covers the record yet.
     */
    private void proof(Context ctx) {
        Principal p = support.auth(ctx, Role.CLIENT);
        String id = pathId(ctx, "id", "audit id");
        if (audit.find(id).filter(r -> visible(p, r)).isEmpty()) {
            throw notFound("no audit record '" + id + "'" + (p.isAdmin() ? "" : " for tenant " + p.tenant()));
        }
        switch (audit.prove(id)) {
            case ProofLookup.Proven proven -> json(ctx, 200, proven.proof().json());
            case ProofLookup.NotYetCovered n -> {
                ctx.header("Retry-After", "10");
                throw new ProblemException(
                        Problem.of(409, "Not yet checkpointed", n.reason() + "; retry after the next checkpoint"));
            }
            case ProofLookup.NotFound n -> throw notFound("no audit record '" + id + "'");
        }
    }

    private void page(Context ctx) {
        Principal p = support.auth(ctx, Role.CLIENT);
        onlyQuery(ctx, Set.of("session", "from", "to", "outcome", "limit", "cursor", RouteSupport.TENANT, "order"));
        int limit = limitParam(ctx);
        RouteSupport.Window window = RouteSupport.window(ctx, "from", "to");
        // a client key reads its own tenant's records (naming another is 403); an admin every tenant's
        // unless it names one
        Optional<String> tenant = p.isAdmin() && query(ctx, RouteSupport.TENANT).isEmpty()
                ? Optional.empty()
                : Optional.of(RouteSupport.tenant(ctx, p).value());
        AuditQuery q = new AuditQuery(
                query(ctx, "session"),
                window.from(),
                window.to(),
                query(ctx, "outcome"),
                limit,
                query(ctx, "cursor"),
                tenant,
                RouteSupport.newestFirst(ctx, "asc"));
        AuditPage page;
        try {
            page = audit.query(q);
        } catch (IllegalArgumentException e) {
            throw Json.badRequest(
                    "cursor is not one this server issued: " + e.getMessage(),
                    List.of(new Problem.FieldError("cursor", "must be a next_cursor from a previous page")));
        }
        ObjectNode out = NODES.objectNode();
        ArrayNode records = out.putArray("records");
        // The query filters by tenant already; the check stays as a second line of defence.
        for (AuditRecord r : page.records()) {
            if (visible(p, r)) {
                records.add(r.json());
            }
        }
        RouteSupport.nextCursor(out, page.nextCursor());
        json(ctx, 200, out);
    }

    private void verify(Context ctx) {
        support.auth(ctx, Role.ADMIN);
        VerificationReport report = AuditVerifier.verify(audit.directory());
        overview.verified(clock.instant(), report.intact(), report.recordsVerified());
        ObjectNode out = NODES.objectNode().put("intact", report.intact());
        switch (report) {
            case VerificationReport.Intact i -> {
                out.put("records", i.records())
                        .put("segments", i.segments())
                        .put("last_seq", i.lastSeq())
                        .put("head_hash", i.headHash());
                ArrayNode q = out.putArray("quarantine_files");
                i.quarantineFiles().forEach(q::add);
                recoveries(out.putArray("recoveries"), i.recoveries());
            }
            case VerificationReport.Damaged d -> {
                out.put("kind", "recorded_damage")
                        .put("records", d.records())
                        .put("last_seq", d.lastSeq())
                        .put("head_hash", d.headHash())
                        .put(
                                "detail",
                                "the chain verifies, but " + d.damage().size()
                                        + " recovery record(s) declare damage accepted at start-up");
                ArrayNode q = out.putArray("quarantine_files");
                d.quarantineFiles().forEach(q::add);
                recoveries(out.putArray("recoveries"), d.recoveries());
            }
            case VerificationReport.Broken b ->
                out.put("kind", b.kind().wireName())
                        .put("segment", b.segment())
                        .put("line", b.line())
                        .put("detail", b.detail())
                        .put("records_verified", b.recordsVerified());
        }
        json(ctx, 200, out);
    }

    private static void recoveries(ArrayNode into, List<VerificationReport.Recovery> recoveries) {
        recoveries.forEach(r -> into.add(r.json()));
    }
}
