package ai.lukhas.pwm.server.api;

import ai.lukhas.pwm.audit.AuditBundle;
import ai.lukhas.pwm.audit.AuditLog;
import ai.lukhas.pwm.audit.AuditReceipt;
import ai.lukhas.pwm.governance.incident.Incident;
import ai.lukhas.pwm.modulation.ModulationJson;
import ai.lukhas.pwm.modulation.SessionKey;
import ai.lukhas.pwm.pipeline.GovernedResult;
import ai.lukhas.pwm.pipeline.GovernedStream;
import ai.lukhas.pwm.pipeline.MemoryOutcome;
import ai.lukhas.pwm.server.auth.AccessControl;
import ai.lukhas.pwm.server.auth.Principal;
import ai.lukhas.pwm.server.auth.Role;
import ai.lukhas.pwm.server.http.Exchange;
import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.server.http.ProblemException;
import ai.lukhas.pwm.server.http.Routes;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every route group shares: authorization (role, and which tenant's session a path names), JSON answers, strict
 * path and query parsing with problem+json errors (every query-parameter problem is 400; 422 is for
 * request bodies, see {@link Json}), and the audit of state changes and of their refusals. A route
 * group takes this plus the few components it acts on, never the whole gateway.
 *
 * <pre>{@code
 * RouteSupport support = RouteSupport.create(access, auditLog, auditLog::append);
 * GatewayServer.start(settings, List.of(new FlagRoutes(support, flags)));
 * }</pre>
 */
public final class RouteSupport {
    private static final Logger LOG = LoggerFactory.getLogger(RouteSupport.class);
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Session ids, audit ids: what a client may name in a path or query. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final AccessControl access;
    private final AuditLog auditLog;
    private final Function<AuditBundle, AuditReceipt> append;

    private RouteSupport(AccessControl access, AuditLog auditLog, Function<AuditBundle, AuditReceipt> append) {
        this.access = access;
        this.auditLog = auditLog;
        this.append = append;
    }

    /**
     * @param auditLog where audit bundles are started ({@link AuditLog#newBundle()})
     * @param append appends a bundle (the gateway passes its timed append, for /metrics)
     */
    public static RouteSupport create(
            AccessControl access, AuditLog auditLog, Function<AuditBundle, AuditReceipt> append) {
        return new RouteSupport(
                Objects.requireNonNull(access, "access"),
                Objects.requireNonNull(auditLog, "auditLog"),
                Objects.requireNonNull(append, "append"));
    }

    // ---- authorization -----------------------------------------------------------------------------

    Principal auth(Context ctx, Role role) {
        return access.authorize(Optional.ofNullable(ctx.header("Authorization")), role);
    }

    Principal auth(Exchange ex, Role role) {
        return access.authorize(ex.header("Authorization"), role);
    }

    /** A key was created or revoked: authentication stops using cached answers at once. */
    void keysChanged() {
        access.keysChanged();
    }

    /**
     * The session a path names: session {@code id} of the key's own tenant. Sessions are per tenant, so
     * another tenant's session with the same id is simply another session (never a 403 that would tell
     * it exists). The tenant is {@link #tenant(Context, Principal)}'s: an admin key may name another with
     * {@code ?tenant=}; a client key naming any tenant but its own is refused, whatever the session.
     */
    static SessionKey session(Principal p, Context ctx, String id) {
        return SessionKey.of(tenant(ctx, p).value(), id);
    }

    // ---- answers ------------------------------------------------------------------------------------

    static void json(Context ctx, int status, JsonNode body) {
        json(Exchange.of(ctx), status, body);
    }

    static void json(Exchange ex, int status, JsonNode body) {
        json(ex, status, (JsonSerializable) body);
    }

    /** A body that writes itself (a tree, or a writer that makes the same bytes without one). */
    static void json(Exchange ex, int status, JsonSerializable body) {
        try {
            // bytes, not a String encoded again: the same UTF-8, one copy less per answer
            ex.result(status, "application/json", Json.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always renders", e);
        }
    }

    static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(404, "Not found", detail));
    }

    static ProblemException forbidden(String detail) {
        return new ProblemException(Problem.of(403, "Forbidden", detail));
    }

    /** An incident as the API shows it: in {@code GET /v1/incidents} and a chat answer's {@code lukhas.incidents}. */
    static ObjectNode incident(Incident i) {
        ObjectNode n = NODES.objectNode()
                .put("id", i.id())
                .put("tenant", i.tenant().value())
                .put("audit_id", i.auditId())
                .put("session", i.sessionId())
                .put("kind", i.kind().wireName());
        i.tool().ifPresentOrElse(t -> n.put("tool", t), () -> n.putNull("tool"));
        return n.put("detail", i.detail())
                .put("severity", i.severity().name().toLowerCase(Locale.ROOT))
                .put("ts", i.ts().toString());
    }

    /**
     * A client that left in the middle of a stream: an everyday event, not a server fault, so one INFO
     * line naming the request and no stack trace. Closing the stream (leaving its try block) stops the
     * upstream and audits the request.
     */
    static void clientLeft(GovernedStream s, IOException e) {
        LOG.info(
                "client disconnected mid-stream: request {} (audit id), stream stopped and audited ({})",
                s.auditId(),
                e.getClass().getSimpleName());
    }

    /**
     * Starts a server-sent events answer for a governed stream whose first delta was pulled (so the
     * safety mode is known): 200, {@code text/event-stream}, and the API version, audit id, safety
     * mode and overhead headers; the body's stream.
     */
    static OutputStream eventStream(Exchange ex, GovernedStream s, String overheadMs) throws IOException {
        ex.header("x-lukhas-api-version", Routes.API_VERSION);
        ex.header("Cache-Control", "no-cache");
        ex.header("x-lukhas-audit-id", s.auditId());
        s.safetyMode().ifPresent(m -> ex.header("x-lukhas-safety-mode", m.wireName()));
        ex.header(OpenAiRequests.OVERHEAD_HEADER, overheadMs);
        // the parameters are known once the input stage has run, before the first byte
        s.params().ifPresent(p -> ex.header(OpenAiRequests.PARAMS_HEADER, OpenAiRequests.paramsHeader(p)));
        if (!s.droppedStops().isEmpty()) {
            ex.header(
                    OpenAiRequests.STOP_DROPPED_HEADER,
                    Integer.toString(s.droppedStops().size()));
        }
        return ex.stream(200, "text/event-stream");
    }

    /**
     * The {@code lukhas} object of a governed answer (chat completion, last stream chunk, Responses
     * object): audit id, session, safety mode, parameters in force, incidents and memory outcomes.
     */
    static ObjectNode extension(GovernedResult r, String session) {
        ObjectNode x = NODES.objectNode()
                .put("audit_id", r.auditId())
                .put("session_id", session)
                .put("safety_mode", r.safetyMode().wireName());
        x.set("params", ModulationJson.params(r.params()));
        ArrayNode incidents = x.putArray("incidents");
        for (Incident i : r.incidents()) {
            incidents.add(incident(i));
        }
        if (!r.memory().isEmpty()) {
            ArrayNode memory = x.putArray("memory");
            for (MemoryOutcome m : r.memory()) {
                ObjectNode o = memory.addObject()
                        .put("key", m.key())
                        .put("status", m.status().wireName());
                m.strength().ifPresent(v -> o.put("strength", v));
                m.version().ifPresent(v -> o.put("version", v));
                o.put("reason", m.reason());
            }
        }
        return x;
    }

    // ---- path and query parameters -----------------------------------------------------------------

    static boolean isId(String s) {
        return ID.matcher(s).matches();
    }

    static String pathId(Context ctx, String param, String what) {
        String id = ctx.pathParam(param);
        if (!isId(id)) {
            throw Json.badRequest(
                    what + " must be 1-128 characters of letters, digits and . _ : -, but was '" + Json.abbreviate(id)
                            + "'",
                    List.of(new Problem.FieldError(param, "must match " + ID.pattern())));
        }
        return id;
    }

    /**
     * Rejects query parameters the route does not know, so a misspelt filter never widens a query.
     */
    static void onlyQuery(Context ctx, Set<String> known) {
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

    /** The query parameter an admin key names the tenant a route acts on with. */
    static final String TENANT = "tenant";

    /**
     * Whose data a route reads or writes: the caller's own tenant, unless an admin key names another
     * with {@code ?tenant=}. A client key may name only its own tenant (another is 403), so no client
     * request reaches across tenants; in keyless local mode the caller is the admin of {@code default},
     * so a single-tenant user never names one. Routes list {@link #TENANT} among their known query
     * parameters.
     */
    static TenantId tenant(Context ctx, Principal p) {
        Optional<String> named = Optional.ofNullable(ctx.queryParam(TENANT)).filter(v -> !v.isEmpty());
        if (named.isEmpty()) {
            return TenantId.of(p.tenant());
        }
        TenantId tenant = tenantName(named.get(), TENANT);
        if (!p.isAdmin() && !tenant.value().equals(p.tenant())) {
            throw new ProblemException(Problem.of(
                            403,
                            "Forbidden",
                            "key " + p.keyId() + " of tenant " + p.tenant() + " may act only on its own tenant;"
                                    + " only an admin key may name another with ?" + TENANT + "=")
                    .withErrors(List.of(new Problem.FieldError(TENANT, "must be your own tenant, " + p.tenant()))));
        }
        return tenant;
    }

    /** {@code value} as a tenant name; a malformed one is a 400 on {@code field}. */
    static TenantId tenantName(String value, String field) {
        try {
            return TenantId.of(value);
        } catch (IllegalArgumentException e) {
            throw Json.badRequest(
                    e.getMessage(),
                    List.of(new Problem.FieldError(field, "must be 1-64 letters, digits, '.', '_' or '-'")));
        }
    }

    /** A query parameter that is present and not blank. */
    static Optional<String> query(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).filter(v -> !v.isBlank());
    }

    /** A query parameter that is {@code true} or {@code false} (absent: false); anything else is 400. */
    static boolean booleanParam(Context ctx, String name) {
        Optional<String> v = query(ctx, name);
        if (v.isEmpty() || v.get().equals("false")) {
            return false;
        }
        if (v.get().equals("true")) {
            return true;
        }
        throw Json.badRequest(
                name + " must be true or false, but was '" + Json.abbreviate(v.get()) + "'",
                List.of(new Problem.FieldError(name, "must be true or false")));
    }

    static Optional<Instant> instantParam(Context ctx, String name) {
        return parsedParam(
                ctx,
                name,
                Instant::parse,
                "an ISO-8601 instant such as 2026-01-01T00:00:00Z",
                "must be an ISO-8601 instant");
    }

    /**
     * A query parameter read by {@code parse}; a value it refuses (an {@link IllegalArgumentException}
     * or a {@link DateTimeException}) is a 400: "{@code name} must be {@code expected}, but was '...'",
     * with {@code fieldMessage} on the field.
     */
    static <T> Optional<T> parsedParam(
            Context ctx, String name, Function<String, T> parse, String expected, String fieldMessage) {
        return query(ctx, name).map(v -> {
            try {
                return parse.apply(v);
            } catch (IllegalArgumentException | DateTimeException e) {
                throw Json.badRequest(
                        name + " must be " + expected + ", but was '" + Json.abbreviate(v) + "'",
                        List.of(new Problem.FieldError(name, fieldMessage)));
            }
        });
    }

    /** A time window from two optional instants; the start must come before the end. */
    record Window(Optional<Instant> from, Optional<Instant> to) {}

    static Window window(Context ctx, String fromName, String toName) {
        Optional<Instant> from = instantParam(ctx, fromName);
        Optional<Instant> to = instantParam(ctx, toName);
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw Json.badRequest(
                    fromName + " must be before " + toName + ", but was " + fromName + " " + from.get() + " " + toName
                            + " " + to.get(),
                    List.of(new Problem.FieldError(fromName, "must be before " + toName)));
        }
        return new Window(from, to);
    }

    /**
     * {@code order}: {@code asc} (oldest first) or {@code desc} (newest first), {@code absent} when not
     * sent; true when the newest come first. Anything else is 400.
     */
    static boolean newestFirst(Context ctx, String absent) {
        String order = query(ctx, "order").orElse(absent);
        return switch (order) {
            case "asc" -> false;
            case "desc" -> true;
            default ->
                throw Json.badRequest(
                        "order must be asc (oldest first) or desc (newest first), but was '" + Json.abbreviate(order)
                                + "'",
                        List.of(new Problem.FieldError("order", "must be asc or desc")));
        };
    }

    /** A page's {@code next_cursor}: where the next page starts, null on the last page. */
    static void nextCursor(ObjectNode page, Optional<String> cursor) {
        cursor.ifPresentOrElse(c -> page.put("next_cursor", c), () -> page.putNull("next_cursor"));
    }

    /** 400 for a {@code cursor} that no earlier page of {@code route} returned. */
    static ProblemException foreignCursor(String route, String cursor) {
        return Json.badRequest(
                "cursor must be a next_cursor an earlier page of " + route + " returned, but was '"
                        + Json.abbreviate(cursor) + "'",
                List.of(new Problem.FieldError("cursor", "must be a next_cursor from this route")));
    }

    /** {@code limit}: 1 to {@link #MAX_LIMIT}, {@link #DEFAULT_LIMIT} when absent. */
    static int limitParam(Context ctx) {
        return intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    }

    /** A whole-number query parameter in [{@code min}, {@code max}], {@code absent} when absent; anything else is 400. */
    static int intParam(Context ctx, String name, int absent, int min, int max) {
        Optional<String> v = query(ctx, name);
        if (v.isEmpty()) {
            return absent;
        }
        try {
            int n = Integer.parseInt(v.get().strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the problem below
        }
        String range = "an integer in [" + min + ", " + max + "]";
        throw Json.badRequest(
                name + " must be " + range + ", but was '" + Json.abbreviate(v.get()) + "'",
                List.of(new Problem.FieldError(name, "must be " + range)));
    }

    // ---- audit --------------------------------------------------------------------------------------

    /** Appends an audit record of what {@code p} did and returns its audit id. */
    String audit(Principal p, String session, String outcome, JsonNode request) {
        return audit(p, p.tenant(), session, outcome, request);
    }

    /** As above, recorded under the session's tenant (an admin acting on a named tenant's session). */
    String audit(Principal p, SessionKey session, String outcome, JsonNode request) {
        return audit(p, session.tenant(), session.sessionId(), outcome, request);
    }

    private String audit(Principal p, String tenant, String session, String outcome, JsonNode request) {
        AuditBundle bundle = auditLog.newBundle()
                .tenant(tenant)
                .session(session)
                .user(p.keyId())
                .request(request)
                .outcome(outcome)
                .build();
        return append.apply(bundle).auditId();
    }

    /**
     * Authorizes, then runs a state-changing handler; when it refuses with a 4xx problem, the refusal
     * itself is audited (route, status, detail; never the body), then the problem is answered.
     */
    void audited(Context ctx, Role role, String session, Mutation work) {
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

    /** A state-changing handler run by {@link #audited}. */
    @FunctionalInterface
    interface Mutation {
        void run(Principal p);
    }
}
