package ai.lukhas.pwm.server.api;

import ai.lukhas.pwm.audit.AuditBundle;
import ai.lukhas.pwm.audit.AuditPage;
import ai.lukhas.pwm.audit.AuditQuery;
import ai.lukhas.pwm.audit.AuditRecord;
import ai.lukhas.pwm.audit.AuditVerifier;
import ai.lukhas.pwm.audit.VerificationReport;
import ai.lukhas.pwm.feedback.FeedbackCard;
import ai.lukhas.pwm.feedback.FeedbackResult;
import ai.lukhas.pwm.feedback.FeedbackSubmission;
import ai.lukhas.pwm.feedback.StyleLut;
import ai.lukhas.pwm.flags.FlagConfigurationError;
import ai.lukhas.pwm.flags.FlagDefinition;
import ai.lukhas.pwm.flags.FlagType;
import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.flags.ResolvedFlag;
import ai.lukhas.pwm.governance.incident.Incident;
import ai.lukhas.pwm.governance.incident.IncidentKind;
import ai.lukhas.pwm.governance.incident.IncidentQuery;
import ai.lukhas.pwm.governance.tools.CanonicalTool;
import ai.lukhas.pwm.governance.tools.ToolExclusion;
import ai.lukhas.pwm.governance.tools.ToolOffer;
import ai.lukhas.pwm.governance.tools.ToolOfferRequest;
import ai.lukhas.pwm.governance.tools.exec.ScheduledTask;
import ai.lukhas.pwm.memory.colony.AgentOpinion;
import ai.lukhas.pwm.memory.colony.Consensus;
import ai.lukhas.pwm.memory.colony.ConsensusMethod;
import ai.lukhas.pwm.memory.colony.ConsensusPersistence;
import ai.lukhas.pwm.memory.colony.ConsensusResult;
import ai.lukhas.pwm.memory.dna.DnaValue;
import ai.lukhas.pwm.memory.dna.HelixEntry;
import ai.lukhas.pwm.memory.dna.WriteReceipt;
import ai.lukhas.pwm.modulation.ModulatedParams;
import ai.lukhas.pwm.modulation.ModulationJson;
import ai.lukhas.pwm.modulation.ModulationResult;
import ai.lukhas.pwm.modulation.Modulator;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.modulation.SignalOutcome;
import ai.lukhas.pwm.server.Gateway;
import ai.lukhas.pwm.server.GatewayMetrics;
import ai.lukhas.pwm.server.Problem;
import ai.lukhas.pwm.server.ProblemException;
import ai.lukhas.pwm.server.Routes;
import ai.lukhas.pwm.server.auth.Principal;
import ai.lukhas.pwm.server.auth.Role;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.file.Files;
import java.sql.Statement;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management API under {@code /v1}, plus {@code /readyz} and {@code /metrics}. Every route
 * authorizes through {@link ai.lukhas.pwm.server.auth.AccessControl} with the role in
 * docs/api-routes.md; a client key only sees its own tenant's sessions and audit records. State
 * changes (signals, feedback, flags, DNA writes, consensus) and refusals of them are written to the
 * audit log.
 *
 * <pre>{@code GatewayServer.start(settings, List.of(new ManagementRoutes(gateway)));}</pre>
 */
public final class ManagementRoutes implements Routes {
    private static final Logger LOG = LoggerFactory.getLogger(ManagementRoutes.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final Gateway gw;
    private final List<AutoCloseable> flagOverrides = new ArrayList<>();

    public ManagementRoutes(Gateway gateway) {
        this.gw = gateway;
    }

    @Override
    public void register(RoutesConfig r) {
        r.get("/readyz", this::readyz);
        r.get("/metrics", this::metrics);
        r.post("/v1/modulation/preview", this::preview);
        r.post("/v1/sessions/{id}/signals", this::postSignals);
        r.get("/v1/sessions/{id}", this::getSession);
        r.get("/v1/tools", this::tools);
        r.get("/v1/audit/verify", this::auditVerify);
        r.get("/v1/audit/{id}", this::auditRecord);
        r.get("/v1/audit", this::auditQuery);
        r.get("/v1/incidents", this::incidents);
        r.get("/v1/incidents.csv", this::incidentsCsv);
        r.post("/v1/feedback/cards", this::feedbackCard);
        r.get("/v1/feedback/lut", this::feedbackLut);
        r.get("/v1/flags", this::flags);
        r.put("/v1/flags/{name}", this::putFlag);
        r.post("/v1/colony/consensus", this::consensus);
        r.get("/v1/dna/{key}", this::dnaGet);
        r.put("/v1/dna/{key}", this::dnaPut);
        r.get("/v1/dna/{key}/history", this::dnaHistory);
        r.get("/v1/scheduler/tasks", this::schedulerTasks);
    }

    // ---- auth, responses, audit -------------------------------------------------------------------

    private Principal auth(Context ctx, Role role) {
        return gw.access().authorize(Optional.ofNullable(ctx.header("Authorization")), role);
    }

    static void json(Context ctx, int status, JsonNode body) {
        try {
            ctx.status(status).contentType("application/json").result(Json.MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always renders", e);
        }
    }

    private static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(404, "Not found", detail));
    }

    private static String pathId(Context ctx, String param, String what) {
        String id = ctx.pathParam(param);
        if (!ID.matcher(id).matches()) {
            throw Json.badRequest(
                    what + " must be 1-128 characters of letters, digits and . _ : -, but was '" + Json.abbreviate(id)
                            + "'",
                    List.of(new Problem.FieldError(param, "must match " + ID.pattern())));
        }
        return id;
    }

    /**
     * Rejects query parameters the route does not know, so a misspelt filter never widens a query. Every
     * query-parameter problem is 400 (422 is for request bodies).
     */
    private static void onlyQuery(Context ctx, Set<String> known) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (String q : ctx.queryParamMap().keySet()) {
            if (!known.contains(q)) {
                errors.add(new Problem.FieldError(
                        q,
                        "unknown query parameter; known: "
                                + String.join(", ", known.stream().sorted().toList())));
            }
        }
        if (!errors.isEmpty()) {
            throw Json.badRequest("unknown query parameter '" + errors.get(0).field() + "'", errors);
        }
    }

    private static Optional<Instant> instantParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(v));
        } catch (DateTimeParseException e) {
            throw Json.badRequest(
                    name + " must be an ISO-8601 instant such as 2026-01-01T00:00:00Z, but was '" + Json.abbreviate(v)
                            + "'",
                    List.of(new Problem.FieldError(name, "must be an ISO-8601 instant")));
        }
    }

    private static int limitParam(Context ctx) {
        String v = ctx.queryParam("limit");
        if (v == null || v.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the problem below
        }
        throw new ProblemException(Problem.of(
                        400,
                        "Invalid request",
                        "limit must be an integer in [1, " + MAX_LIMIT + "], but was '" + v + "'")
                .withErrors(List.of(new Problem.FieldError("limit", "must be an integer in [1, " + MAX_LIMIT + "]"))));
    }

    private String audit(Principal p, String session, String outcome, JsonNode request) {
        AuditBundle bundle = gw.audit()
                .newBundle()
                .tenant(p.tenant())
                .session(session)
                .user(p.keyId())
                .request(request)
                .outcome(outcome)
                .build();
        return gw.metrics().appendAudit(bundle).auditId();
    }

    /**
     * Runs a state-changing handler; when it refuses with a 4xx problem, the refusal itself is audited
     * (route, status, detail; never the body), then the problem is answered.
     */
    private void audited(Context ctx, Role role, String session, Mutation work) {
        Principal p = auth(ctx, role);
        try {
            work.run(p);
        } catch (ProblemException e) {
            if (e.problem().status() < 500) {
                ObjectNode req = NODES.objectNode()
                        .put(
                                "route",
                                ctx.method().name() + " " + ctx.endpoints().matchedHttpEndpoint().path)
                        .put("path", ctx.path())
                        .put("status", e.problem().status())
                        .put("detail", e.problem().detail());
                try {
                    audit(p, session, "refused", req);
                } catch (RuntimeException auditFailure) {
                    LOG.error("could not audit a refusal on {}", ctx.path(), auditFailure);
                }
            }
            throw e;
        }
    }

    @FunctionalInterface
    private interface Mutation {
        void run(Principal p);
    }

    // ---- readiness and metrics --------------------------------------------------------------------

    private void readyz(Context ctx) {
        List<Problem.FieldError> failed = new ArrayList<>();
        try {
            gw.database().transaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA user_version");
                }
                return null;
            });
            if (!Files.isWritable(gw.dataDirectory().database())) {
                failed.add(new Problem.FieldError(
                        "store", "database file " + gw.dataDirectory().database() + " is not writable"));
            }
        } catch (RuntimeException e) {
            failed.add(new Problem.FieldError("store", "database: " + e.getMessage()));
        }
        if (!Files.isDirectory(gw.auditDirectory()) || !Files.isWritable(gw.auditDirectory())) {
            failed.add(new Problem.FieldError(
                    "audit", "audit directory " + gw.auditDirectory() + " is not a writable directory"));
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

    /** No auth, as scrapers expect: bind to a trusted network or scrape over loopback. */
    private void metrics(Context ctx) {
        ctx.status(200)
                .contentType(GatewayMetrics.CONTENT_TYPE)
                .result(gw.metrics().scrape());
    }

    // ---- modulation and sessions ------------------------------------------------------------------

    private record Signals(List<SignalInput> inputs, boolean strictDefault) {}

    /**
     * Reads {@code signals}: names the policy knows, each at most once, finite levels (the modulator
     * clamps them to the policy's range and reports {@code clamped_from}), ttl_ms in [1, 1 day].
     */
    private Signals readSignals(ObjectNode body, boolean preview) {
        Json.Reader r = new Json.Reader(body).only(preview ? Set.of("signals", "strict_default") : Set.of("signals"));
        List<SignalInput> inputs = SignalsReader.read(r, gw.policy().signalNames(), true, !preview);
        boolean strict = preview && r.bool("strict_default").orElse(false);
        r.finish();
        return new Signals(inputs, strict);
    }

    private void preview(Context ctx) {
        auth(ctx, Role.CLIENT);
        Signals signals = readSignals(Json.object(ctx), true);
        Flags flags = signals.strictDefault() ? strictDefault(gw.flags()) : gw.flags();
        // A modulator of its own: the preview must not touch any session's state.
        Modulator scratch = Modulator.create(gw.policy(), gw.clock(), flags);
        for (SignalInput s : signals.inputs()) {
            scratch.record("preview", s);
        }
        json(ctx, 200, modulation(scratch.modulate("preview")));
    }

    /** The flags with STRICT_DEFAULT forced on, for a preview that asks for it. */
    private static Flags strictDefault(Flags base) {
        return new Flags() {
            @Override
            public boolean isEnabled(String name, boolean defaultValue) {
                return name.equals(Modulator.STRICT_DEFAULT_FLAG) || base.isEnabled(name, defaultValue);
            }

            @Override
            public String stringValue(String name, String defaultValue) {
                return base.stringValue(name, defaultValue);
            }
        };
    }

    private void postSignals(Context ctx) {
        String session = pathId(ctx, "id", "session id");
        audited(ctx, Role.CLIENT, session, p -> {
            // Validate first: a refused request must not even claim the session id.
            Signals signals = readSignals(Json.object(ctx), false);
            requireOwnSession(p, session, true);
            ArrayNode outcomes = NODES.arrayNode();
            for (SignalInput s : signals.inputs()) {
                outcomes.add(outcome(gw.modulator().record(session, s)));
            }
            ModulatedParams params = gw.modulator().modulate(session).params();
            audit(p, session, "signals_recorded", NODES.objectNode().set("signals", outcomes.deepCopy()));
            ObjectNode out = NODES.objectNode().put("session_id", session);
            out.set("outcomes", outcomes);
            out.set("params", params(params));
            ctx.header("x-lukhas-safety-mode", params.safetyMode().wireName());
            json(ctx, 200, out);
        });
    }

    private void getSession(Context ctx) {
        Principal p = auth(ctx, Role.CLIENT);
        String session = pathId(ctx, "id", "session id");
        requireOwnSession(p, session, false);
        ModulationResult m = gw.modulator().modulate(session);
        ObjectNode out = NODES.objectNode().put("session_id", session);
        out.setAll(modulation(m));
        ctx.header("x-lukhas-safety-mode", m.params().safetyMode().wireName());
        json(ctx, 200, out);
    }

    private void requireOwnSession(Principal p, String session, boolean claim) {
        if (p.isAdmin()) {
            return;
        }
        boolean ok =
                claim ? gw.sessions().claim(p.tenant(), session) : gw.sessions().readableBy(p.tenant(), session);
        if (!ok) {
            throw new ProblemException(Problem.of(
                    403,
                    "Forbidden",
                    "session '" + session + "' belongs to another tenant; key " + p.keyId() + " of tenant " + p.tenant()
                            + " may only use its own sessions"));
        }
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

    /** The same object as {@code bin/lukhas modulate --json}: params, prompt style, trace, policy. */
    static ObjectNode modulation(ModulationResult r) {
        return ModulationJson.result(r);
    }

    static ObjectNode params(ModulatedParams p) {
        return ModulationJson.params(p);
    }

    // ---- tools and scheduler ----------------------------------------------------------------------

    private void tools(Context ctx) {
        Principal p = auth(ctx, Role.CLIENT);
        onlyQuery(ctx, Set.of("session_id", "allowlist"));
        Optional<String> session =
                Optional.ofNullable(ctx.queryParam("session_id")).filter(s -> !s.isBlank());
        if (session.isPresent()) {
            if (!ID.matcher(session.get()).matches()) {
                throw Json.badRequest(
                        "session_id must be 1-128 characters of letters, digits and . _ : -",
                        List.of(new Problem.FieldError("session_id", "must match " + ID.pattern())));
            }
            requireOwnSession(p, session.get(), false);
        }
        Optional<List<String>> allowlist = Optional.ofNullable(ctx.queryParam("allowlist"))
                .map(a -> a.isBlank() ? List.<String>of() : List.of(a.split(",", -1)));
        List<Problem.FieldError> errors = new ArrayList<>();
        allowlist.ifPresent(list -> list.forEach(name -> {
            if (gw.tools().definition(name.strip()).isEmpty()) {
                errors.add(new Problem.FieldError(
                        "allowlist",
                        "unknown tool '" + Json.abbreviate(name) + "'; known tools: "
                                + String.join(", ", gw.tools().allowlistNames())));
            }
        }));
        if (!errors.isEmpty()) {
            throw Json.badRequest("allowlist " + errors.get(0).message(), errors);
        }
        List<String> modulated = session.map(
                        s -> gw.modulator().modulate(s).params().toolAllowlist())
                .orElseGet(() -> gw.policy().defaultParams().toolAllowlist());
        ToolOfferRequest request = ToolOfferRequest.of(modulated)
                .withTenantCeiling(gw.config().tenant(p.tenant()).tools());
        if (allowlist.isPresent()) {
            request = request.withRequestAllowlist(
                    allowlist.get().stream().map(String::strip).toList());
        }
        ToolOffer offer = gw.toolGate().offer(request);
        ObjectNode out = NODES.objectNode();
        ObjectNode flags = out.putObject("flags");
        for (CanonicalTool tool : CanonicalTool.values()) {
            tool.flag().ifPresent(f -> flags.put(f, gw.flags().isEnabled(f, false)));
        }
        if (allowlist.isPresent()) {
            ArrayNode a = out.putArray("allowlist");
            allowlist.get().stream().map(String::strip).sorted().forEach(a::add);
        } else {
            out.putNull("allowlist");
        }
        out.set("offered", offer.chatCompletionsTools());
        ArrayNode excluded = out.putArray("excluded");
        for (ToolExclusion e : offer.excluded()) {
            excluded.addObject()
                    .put("tool", e.tool())
                    .put("stage", e.stage().wireName())
                    .put("reason", e.reason());
        }
        json(ctx, 200, out);
    }

    private void schedulerTasks(Context ctx) {
        Principal p = auth(ctx, Role.ADMIN);
        onlyQuery(ctx, Set.of("status", TenantParam.NAME));
        TenantId tenant = TenantParam.resolve(ctx, p);
        Optional<ScheduledTask.Status> status = Optional.ofNullable(ctx.queryParam("status"))
                .filter(v -> !v.isBlank())
                .map(v -> java.util.Arrays.stream(ScheduledTask.Status.values())
                        .filter(st -> st.wireName().equals(v))
                        .findFirst()
                        .orElseThrow(() -> Json.badRequest(
                                "status must be one of pending, done, cancelled, but was '" + Json.abbreviate(v) + "'",
                                List.of(new Problem.FieldError("status", "must be pending, done or cancelled")))));
        ArrayNode tasks = NODES.arrayNode();
        for (ScheduledTask t : gw.scheduler().tasks(tenant, status)) {
            tasks.addObject()
                    .put("id", t.id())
                    .put("created", t.created().toString())
                    .put("when", t.when().toString())
                    .put("note", t.note())
                    .put("status", t.status().wireName());
        }
        json(ctx, 200, NODES.objectNode().set("tasks", tasks));
    }

    // ---- audit ------------------------------------------------------------------------------------

    private void auditRecord(Context ctx) {
        Principal p = auth(ctx, Role.CLIENT);
        String id = pathId(ctx, "id", "audit id");
        Optional<AuditRecord> rec = gw.audit().find(id);
        // Another tenant's record is "not found": a client must not learn that it exists.
        if (rec.isEmpty() || !(p.isAdmin() || rec.get().bundle().tenant().equals(p.tenant()))) {
            throw notFound("no audit record '" + id + "'" + (p.isAdmin() ? "" : " for tenant " + p.tenant()));
        }
        json(ctx, 200, rec.get().json());
    }

    private void auditQuery(Context ctx) {
        Principal p = auth(ctx, Role.CLIENT);
        onlyQuery(ctx, Set.of("session", "from", "to", "outcome", "limit", "cursor"));
        int limit = limitParam(ctx);
        Optional<Instant> from = instantParam(ctx, "from");
        Optional<Instant> to = instantParam(ctx, "to");
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw Json.badRequest(
                    "from must be before to, but was from " + from.get() + " to " + to.get(),
                    List.of(new Problem.FieldError("from", "must be before to")));
        }
        Optional<String> cursor = Optional.ofNullable(ctx.queryParam("cursor")).filter(c -> !c.isBlank());
        AuditQuery q = new AuditQuery(
                Optional.ofNullable(ctx.queryParam("session")).filter(s -> !s.isBlank()),
                from,
                to,
                Optional.ofNullable(ctx.queryParam("outcome")).filter(s -> !s.isBlank()),
                limit,
                cursor);
        AuditPage page;
        try {
            page = gw.audit().query(q);
        } catch (IllegalArgumentException e) {
            throw Json.badRequest(
                    "cursor is not one this server issued: " + e.getMessage(),
                    List.of(new Problem.FieldError("cursor", "must be a next_cursor from a previous page")));
        }
        ObjectNode out = NODES.objectNode();
        ArrayNode records = out.putArray("records");
        // A client sees its tenant's records only; the page may then hold fewer than limit, and
        // next_cursor still continues where the underlying page stopped.
        for (AuditRecord r : page.records()) {
            if (p.isAdmin() || r.bundle().tenant().equals(p.tenant())) {
                records.add(r.json());
            }
        }
        page.nextCursor().ifPresentOrElse(c -> out.put("next_cursor", c), () -> out.putNull("next_cursor"));
        json(ctx, 200, out);
    }

    private void auditVerify(Context ctx) {
        auth(ctx, Role.ADMIN);
        VerificationReport report = AuditVerifier.verify(gw.auditDirectory());
        ObjectNode out = NODES.objectNode().put("intact", report.intact());
        switch (report) {
            case VerificationReport.Intact i -> {
                out.put("records", i.records())
                        .put("segments", i.segments())
                        .put("last_seq", i.lastSeq())
                        .put("head_hash", i.headHash());
                ArrayNode q = out.putArray("quarantine_files");
                i.quarantineFiles().forEach(q::add);
            }
            case VerificationReport.Broken b ->
                out.put("kind", b.kind().name().toLowerCase(Locale.ROOT))
                        .put("segment", b.segment())
                        .put("line", b.line())
                        .put("detail", b.detail())
                        .put("records_verified", b.recordsVerified());
        }
        json(ctx, 200, out);
    }

    // ---- incidents --------------------------------------------------------------------------------

    private IncidentQuery incidentQuery(Context ctx) {
        onlyQuery(ctx, Set.of("session", "kind", "from", "until", "limit"));
        Set<IncidentKind> kinds = EnumSet.noneOf(IncidentKind.class);
        for (String raw : ctx.queryParams("kind")) {
            for (String k : raw.split(",")) {
                if (k.isBlank()) {
                    continue;
                }
                kinds.add(IncidentKind.fromWireName(k.strip().toLowerCase(Locale.ROOT))
                        .orElseThrow(() -> Json.badRequest(
                                "kind must be one of "
                                        + String.join(
                                                ", ",
                                                EnumSet.allOf(IncidentKind.class).stream()
                                                        .map(IncidentKind::wireName)
                                                        .toList())
                                        + ", but was '" + Json.abbreviate(k) + "'",
                                List.of(new Problem.FieldError("kind", "unknown incident kind")))));
            }
        }
        Optional<Instant> from = instantParam(ctx, "from");
        Optional<Instant> until = instantParam(ctx, "until");
        if (from.isPresent() && until.isPresent() && !from.get().isBefore(until.get())) {
            throw Json.badRequest(
                    "from must be before until", List.of(new Problem.FieldError("from", "must be before until")));
        }
        return new IncidentQuery(
                Optional.ofNullable(ctx.queryParam("session")).filter(s -> !s.isBlank()),
                from,
                until,
                kinds,
                limitParam(ctx));
    }

    private void incidents(Context ctx) {
        auth(ctx, Role.ADMIN);
        ArrayNode list = NODES.arrayNode();
        for (Incident i : gw.incidents().list(incidentQuery(ctx))) {
            list.add(incident(i));
        }
        json(ctx, 200, NODES.objectNode().set("incidents", list));
    }

    static ObjectNode incident(Incident i) {
        ObjectNode n = NODES.objectNode()
                .put("id", i.id())
                .put("audit_id", i.auditId())
                .put("session", i.sessionId())
                .put("kind", i.kind().wireName());
        i.tool().ifPresentOrElse(t -> n.put("tool", t), () -> n.putNull("tool"));
        return n.put("detail", i.detail())
                .put("severity", i.severity().name().toLowerCase(Locale.ROOT))
                .put("ts", i.ts().toString());
    }

    private void incidentsCsv(Context ctx) {
        auth(ctx, Role.ADMIN);
        StringBuilder csv = new StringBuilder();
        gw.incidents().exportCsv(incidentQuery(ctx), csv);
        ctx.status(200).contentType("text/csv; charset=utf-8").result(csv.toString());
    }

    // ---- feedback ---------------------------------------------------------------------------------

    private void feedbackCard(Context ctx) {
        audited(ctx, Role.CLIENT, "", p -> {
            onlyQuery(ctx, Set.of(TenantParam.NAME));
            TenantId tenant = TenantParam.resolve(ctx, p);
            Json.Reader r = new Json.Reader(Json.object(ctx))
                    .only(Set.of("target_action_id", "rating", "note", "user_id", "context_hash", "tags"));
            Optional<String> target = r.text("target_action_id", true, FeedbackCard.MAX_TARGET_ACTION_ID);
            OptionalLong rating = r.integer("rating", true, FeedbackCard.MIN_RATING, FeedbackCard.MAX_RATING);
            Optional<String> note = r.text("note", false, FeedbackCard.MAX_NOTE);
            Optional<String> user = r.text("user_id", false, FeedbackCard.MAX_USER_ID);
            Optional<String> context = r.text("context_hash", false, FeedbackCard.MAX_CONTEXT_HASH);
            List<String> tags = r.strings("tags", FeedbackCard.MAX_TAGS, FeedbackCard.MAX_TAG);
            r.finish();
            // The card is keyed by (tenant, user) and must rate an audited action of the same tenant: the
            // service refuses any other target (none, or another tenant's) on target_action_id (422).
            FeedbackResult result = gw.feedback()
                    .submit(
                            tenant,
                            new FeedbackSubmission(
                                    target.orElseThrow(), (int) rating.orElseThrow(), note, user, context, tags));
            switch (result) {
                case FeedbackResult.Rejected rej ->
                    throw Json.unprocessable(
                            rej.message(),
                            rej.problems().stream()
                                    .map(fp -> new Problem.FieldError(fp.field(), fp.message()))
                                    .toList());
                case FeedbackResult.Accepted a -> {
                    FeedbackCard c = a.card();
                    ObjectNode card = NODES.objectNode()
                            .put("target_action_id", c.targetActionId())
                            .put("rating", c.rating())
                            .put("user_id", c.userId());
                    c.note().ifPresentOrElse(n -> card.put("note", n), () -> card.putNull("note"));
                    c.contextHash()
                            .ifPresentOrElse(h -> card.put("context_hash", h), () -> card.putNull("context_hash"));
                    ArrayNode t = card.putArray("tags");
                    c.tags().forEach(t::add);
                    card.put("ts", c.ts().toString());
                    audit(
                            p,
                            "",
                            "feedback_recorded",
                            NODES.objectNode().put("tenant", tenant.value()).set("card", card.deepCopy()));
                    ObjectNode out = NODES.objectNode();
                    out.set("card", card);
                    out.put("note_redacted", a.noteRedacted());
                    out.set("lut", lut(a.lut()));
                    json(ctx, 201, out);
                }
            }
        });
    }

    private void feedbackLut(Context ctx) {
        Principal p = auth(ctx, Role.CLIENT);
        onlyQuery(ctx, Set.of("user_id", TenantParam.NAME));
        TenantId tenant = TenantParam.resolve(ctx, p);
        Optional<String> user = Optional.ofNullable(ctx.queryParam("user_id")).filter(u -> !u.isBlank());
        if (user.isPresent() && user.get().length() > FeedbackCard.MAX_USER_ID) {
            throw Json.badRequest(
                    "user_id must be at most " + FeedbackCard.MAX_USER_ID + " characters",
                    List.of(new Problem.FieldError("user_id", "too long")));
        }
        json(ctx, 200, lut(gw.feedback().lut(tenant, user)));
    }

    /** The same object as {@code bin/lukhas feedback lut --json}. */
    private static ObjectNode lut(StyleLut l) {
        ObjectNode n = NODES.objectNode().put("scope", l.scope().wireName());
        l.requestedUser().ifPresentOrElse(u -> n.put("user_id", u), () -> n.putNull("user_id"));
        return n.put("fell_back_to_global", l.fellBackToGlobal())
                .put("temperature_delta", l.temperatureDelta())
                .put("top_p_delta", l.topPDelta())
                .put("memory_write_boost", l.memoryWriteBoost())
                .put("verbosity_bias", l.verbosityBias())
                .put("cards", l.values().cards())
                .put("version", l.version())
                .put("updated_ms", l.updatedMs());
    }

    // ---- flags ------------------------------------------------------------------------------------

    private void flags(Context ctx) {
        auth(ctx, Role.ADMIN);
        ArrayNode list = NODES.arrayNode();
        gw.flags().all().forEach(f -> list.add(flag(f)));
        ArrayNode errors = NODES.arrayNode();
        for (FlagConfigurationError e : gw.flags().errors()) {
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

    private void putFlag(Context ctx) {
        String name = ctx.pathParam("name");
        audited(ctx, Role.ADMIN, "", p -> {
            Optional<ResolvedFlag> before = gw.flags().resolve(name);
            if (before.isEmpty()) {
                throw notFound("no flag '" + Json.abbreviate(name) + "'; known flags: "
                        + String.join(
                                ", ",
                                gw.flags().all().stream()
                                        .map(ResolvedFlag::name)
                                        .toList()));
            }
            FlagDefinition definition = before.get().definition();
            Json.Reader r = new Json.Reader(Json.object(ctx)).only(Set.of("value"));
            Optional<JsonNode> value = r.any("value", true);
            boolean bool = definition.type() == FlagType.BOOLEAN;
            if (value.isPresent()
                    && (bool ? !value.get().isBoolean() : !value.get().isTextual())) {
                r.invalid(
                        "value",
                        "must be " + (bool ? "true or false" : "a string") + " for flag " + name + ", but was "
                                + Json.describe(value.get()));
            }
            r.finish();
            String text = value.orElseThrow().asText();
            synchronized (flagOverrides) {
                try {
                    flagOverrides.add(gw.flags().override(name, text));
                } catch (IllegalArgumentException e) {
                    throw Json.unprocessable(
                            e.getMessage(),
                            List.of(new Problem.FieldError("value", "must be " + definition.expected())));
                }
            }
            ResolvedFlag after = gw.flags().resolve(name).orElseThrow();
            String auditId = audit(
                    p,
                    "",
                    "flag_changed",
                    NODES.objectNode()
                            .put("flag", name)
                            .put("from", before.get().value())
                            .put("to", after.value())
                            .put("by_key", p.keyId()));
            ObjectNode out = NODES.objectNode();
            out.set("flag", flag(after));
            out.put("audit_id", auditId);
            ctx.header("x-lukhas-audit-id", auditId);
            json(ctx, 200, out);
        });
    }

    // ---- colony and DNA ---------------------------------------------------------------------------

    private void consensus(Context ctx) {
        audited(ctx, Role.ADMIN, "", p -> {
            onlyQuery(ctx, Set.of(TenantParam.NAME));
            TenantId tenant = TenantParam.resolve(ctx, p);
            Json.Reader r = new Json.Reader(Json.object(ctx))
                    .only(Set.of(
                            "key",
                            "method",
                            "opinions",
                            "version",
                            "persist",
                            "max_strength",
                            "weights",
                            "min_participants",
                            "threshold"));
            Optional<String> key = r.text("key", true, 256);
            Optional<String> methodName = r.text("method", true, 32);
            List<AgentOpinion> opinions = new ArrayList<>();
            List<Json.Reader> items = r.objects("opinions", true, 1000);
            if (r.ok() && items.isEmpty()) {
                r.invalid("opinions", "must hold at least one opinion");
            }
            for (Json.Reader o : items) {
                o.only(Set.of("agent_id", "value", "confidence", "rationale"));
                Optional<String> agent = o.text("agent_id", true, 128);
                Optional<JsonNode> value = o.any("value", true);
                OptionalDouble confidence = o.number("confidence", true, 0, 1);
                Optional<String> rationale = o.text("rationale", false, 1000);
                if (agent.isPresent() && value.isPresent() && confidence.isPresent()) {
                    opinions.add(
                            new AgentOpinion(agent.get(), value.get(), confidence.getAsDouble(), rationale.orElse("")));
                }
            }
            OptionalLong version = r.integer("version", false, 0, Long.MAX_VALUE / 2);
            boolean persist = r.bool("persist").orElse(false);
            double maxStrength = r.number("max_strength", false, Double.MIN_VALUE, Double.MAX_VALUE)
                    .orElse(1.0);
            long minParticipants = r.integer("min_participants", false, 1, 1000).orElse(3);
            double threshold =
                    r.number("threshold", false, Double.MIN_VALUE, 1.0).orElse(0.6);
            Map<String, Double> weights = new LinkedHashMap<>();
            r.object("weights", false).ifPresent(w -> w.properties().forEach(e -> {
                if (!e.getValue().isNumber() || !(e.getValue().doubleValue() >= 0)) {
                    r.invalid("weights." + e.getKey(), "must be a number >= 0, but was " + Json.describe(e.getValue()));
                } else {
                    weights.put(e.getKey(), e.getValue().doubleValue());
                }
            }));
            ConsensusMethod method = null;
            if (methodName.isPresent()) {
                try {
                    method = switch (methodName.get()) {
                        case "majority" -> new ConsensusMethod.Majority();
                        case "weighted" -> new ConsensusMethod.Weighted(weights, 1.0);
                        case "quorum" -> new ConsensusMethod.Quorum((int) minParticipants, threshold);
                        case "supermajority" -> new ConsensusMethod.Supermajority();
                        case "byzantine" -> new ConsensusMethod.Byzantine();
                        default -> {
                            r.invalid(
                                    "method",
                                    "must be one of majority, weighted, quorum, supermajority, byzantine, but was '"
                                            + Json.abbreviate(methodName.get()) + "'");
                            yield null;
                        }
                    };
                } catch (IllegalArgumentException e) {
                    r.invalid("method", e.getMessage());
                }
            }
            r.finish();
            long v = version.isPresent()
                    ? version.getAsLong()
                    : gw.helix()
                                    .read(tenant, key.orElseThrow())
                                    .map(HelixEntry::version)
                                    .orElse(0L)
                            + 1;
            ConsensusResult result;
            try {
                result = Consensus.decide(key.orElseThrow(), v, opinions, method);
            } catch (IllegalArgumentException e) {
                throw Json.unprocessable(e.getMessage(), List.of());
            }
            ObjectNode out = NODES.objectNode()
                    .put("key", result.key())
                    .put("method", result.method().wireName())
                    .put("version", result.version());
            switch (result) {
                case ConsensusResult.Decided d -> {
                    out.put("decided", true);
                    out.set("decided_value", d.decidedValue());
                    out.put("votes_for", d.votesFor())
                            .put("votes_total", d.votesTotal())
                            .put("confidence", d.confidence())
                            .put("strength", ConsensusPersistence.strength(d, maxStrength));
                    ArrayNode dissent = out.putArray("dissent");
                    d.dissent().forEach(o -> dissent.addObject()
                            .put("agent_id", o.agentId())
                            .put("rationale", o.rationale()));
                }
                case ConsensusResult.NoDecision n ->
                    out.put("decided", false).put("votes_total", n.votesTotal()).put("reason", n.reason());
            }
            if (persist) {
                ConsensusPersistence.Outcome o;
                try {
                    o = ConsensusPersistence.persist(gw.helix(), tenant, result, maxStrength);
                } catch (IllegalArgumentException | IllegalStateException e) {
                    throw Json.unprocessable(e.getMessage(), List.of());
                }
                ObjectNode persisted = out.putObject("persisted");
                switch (o) {
                    case ConsensusPersistence.Outcome.Written w ->
                        persisted
                                .put("written", w.receipt().upserted())
                                .put("outcome", w.receipt().outcome().name().toLowerCase(Locale.ROOT))
                                .put("version", w.receipt().version())
                                .put("strength", w.receipt().strength());
                    case ConsensusPersistence.Outcome.NotWritten nw ->
                        persisted.put("written", false).put("reason", nw.reason());
                }
            }
            audit(p, "", "consensus_decided", out.deepCopy().put("tenant", tenant.value()));
            json(ctx, 200, out);
        });
    }

    private static String dnaKey(Context ctx) {
        String key = ctx.pathParam("key");
        if (key.isBlank() || key.length() > 256) {
            throw Json.badRequest(
                    "key must be 1-256 characters, but had " + key.length(),
                    List.of(new Problem.FieldError("key", "must be 1-256 characters")));
        }
        return key;
    }

    private static ObjectNode entry(HelixEntry e) {
        ObjectNode n = NODES.objectNode().put("key", e.key()).put("version", e.version());
        n.set("value", e.value().toJson());
        n.put("sealed", e.value() instanceof DnaValue.Sealed)
                .put("encrypted", !(e.value() instanceof DnaValue.Clear c) || c.encryptedAtRest())
                .put("strength", e.strength());
        n.set("meta", e.meta());
        n.put("checksum", e.checksum()).put("recorded_at", e.recordedAt().toString());
        return n;
    }

    private void dnaGet(Context ctx) {
        Principal p = auth(ctx, Role.ADMIN);
        String key = dnaKey(ctx);
        onlyQuery(ctx, Set.of("version", "as_of", TenantParam.NAME));
        TenantId tenant = TenantParam.resolve(ctx, p);
        String v = ctx.queryParam("version");
        Optional<Instant> asOf = instantParam(ctx, "as_of");
        boolean byVersion = v != null && !v.isBlank();
        if (byVersion && asOf.isPresent()) {
            throw Json.badRequest(
                    "send version or as_of, not both",
                    List.of(new Problem.FieldError("as_of", "not together with version")));
        }
        Optional<HelixEntry> e;
        if (byVersion) {
            long version;
            try {
                version = Long.parseLong(v.strip());
            } catch (NumberFormatException ex) {
                throw Json.badRequest(
                        "version must be an integer, but was '" + Json.abbreviate(v) + "'",
                        List.of(new Problem.FieldError("version", "must be an integer")));
            }
            if (version < 0) {
                throw Json.badRequest(
                        "version must be >= 0, but was " + version,
                        List.of(new Problem.FieldError("version", "must be >= 0")));
            }
            e = gw.helix().read(tenant, key, version);
        } else if (asOf.isPresent()) {
            e = gw.helix().readAsOf(tenant, key, asOf.get());
        } else {
            e = gw.helix().read(tenant, key);
        }
        json(
                ctx,
                200,
                entry(e.orElseThrow(() -> notFound("no DNA value for key '" + Json.abbreviate(key) + "'"
                        + (byVersion
                                ? " at version " + v
                                : asOf.map(a -> " as of " + a).orElse(""))))));
    }

    private void dnaHistory(Context ctx) {
        Principal p = auth(ctx, Role.ADMIN);
        String key = dnaKey(ctx);
        onlyQuery(ctx, Set.of(TenantParam.NAME));
        TenantId tenant = TenantParam.resolve(ctx, p);
        ArrayNode versions = NODES.arrayNode();
        gw.helix().history(tenant, key).forEach(e -> versions.add(entry(e)));
        json(ctx, 200, NODES.objectNode().put("key", key).set("versions", versions));
    }

    private void dnaPut(Context ctx) {
        // Every version rule's outcome is 200: a stale or conflicting write is an answer, not an error.
        audited(ctx, Role.ADMIN, "", p -> {
            String key = dnaKey(ctx);
            onlyQuery(ctx, Set.of(TenantParam.NAME));
            TenantId tenant = TenantParam.resolve(ctx, p);
            Json.Reader r = new Json.Reader(Json.object(ctx)).only(Set.of("value", "version", "strength", "meta"));
            Optional<JsonNode> value = r.any("value", true);
            OptionalLong version = r.integer("version", true, 0, Long.MAX_VALUE / 2);
            double strength = r.number("strength", false, -Double.MAX_VALUE, Double.MAX_VALUE)
                    .orElse(1.0);
            Optional<ObjectNode> meta = r.object("meta", false);
            r.finish();
            WriteReceipt w;
            try {
                w = gw.helix()
                        .write(
                                tenant,
                                key,
                                value.orElseThrow(),
                                version.orElseThrow(),
                                strength,
                                meta.map(JsonNode.class::cast).orElseGet(NODES::objectNode));
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw Json.unprocessable(e.getMessage(), List.of());
            }
            ObjectNode receipt = NODES.objectNode()
                    .put("key", w.key())
                    .put("version", w.version())
                    .put("strength", w.strength())
                    .put("upserted", w.upserted())
                    .put("outcome", w.outcome().name().toLowerCase(Locale.ROOT))
                    .put("checksum", w.checksum())
                    .put("recorded_at", w.recordedAt().toString());
            audit(
                    p,
                    "",
                    "dna_" + receipt.path("outcome").asText(),
                    NODES.objectNode()
                            .put("tenant", tenant.value())
                            .put("key", key)
                            .set("receipt", receipt.deepCopy()));
            json(ctx, 200, receipt);
        });
    }
}
