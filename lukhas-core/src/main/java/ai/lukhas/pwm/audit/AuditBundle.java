package ai.lukhas.pwm.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * What one governed request leaves behind. Nested parts are JSON so the pipeline can fill them in
 * whatever shape its stages produce; the log redacts the whole bundle before writing it. The chain
 * fields ({@code seq}, {@code prev_hash}, {@code hash}) are assigned by {@link AuditLog} and live on
 * {@link AuditRecord}.
 *
 * <pre>{@code
 * AuditBundle b = AuditBundle.builder(ids.next(), clock.instant())
 *         .tenant("acme").session("s-1").outcome("ok").build();
 * }</pre>
 *
 * @param auditId time-ordered id (UUIDv7 from {@link AuditIds}); required
 * @param ts when the request was received
 * @param tenant the authenticated tenant ("" when unknown)
 * @param session the session id ("" when none)
 * @param user the end user ("" when unknown)
 * @param request request summary
 * @param signals signals received with the request
 * @param modulation modulation result with its trace
 * @param toolsOffered tools offered, and why others were not
 * @param toolCalls tool calls with status, duration and arguments
 * @param moderation moderation verdicts
 * @param incidents incidents raised
 * @param provider upstream provider name ("" when none was called)
 * @param model model name ("" when none was called)
 * @param usage token usage
 * @param latencyMs end-to-end latency in milliseconds, at least 0
 * @param outcome what happened, e.g. "ok", "blocked", "error"; not blank
 *     <p>The JSON parts are held as given, not copied: build bundles with {@link #builder}, which copies
 *     them (so later changes by the caller stay out of the record) unless told they are handed over.
 */
public record AuditBundle(
        String auditId,
        Instant ts,
        String tenant,
        String session,
        String user,
        JsonNode request,
        JsonNode signals,
        JsonNode modulation,
        JsonNode toolsOffered,
        JsonNode toolCalls,
        JsonNode moderation,
        JsonNode incidents,
        String provider,
        String model,
        JsonNode usage,
        long latencyMs,
        String outcome) {

    public AuditBundle {
        if (auditId == null || auditId.isBlank()) {
            throw new IllegalArgumentException(
                    "audit_id is required (a time-ordered id, e.g. from AuditIds.next()), but was "
                            + (auditId == null ? "missing" : "blank"));
        }
        Objects.requireNonNull(ts, "ts is required");
        tenant = Objects.requireNonNull(tenant, "tenant");
        session = Objects.requireNonNull(session, "session");
        user = Objects.requireNonNull(user, "user");
        request = orNull(request);
        signals = orNull(signals);
        modulation = orNull(modulation);
        toolsOffered = orNull(toolsOffered);
        toolCalls = orNull(toolCalls);
        moderation = orNull(moderation);
        incidents = orNull(incidents);
        provider = Objects.requireNonNull(provider, "provider");
        model = Objects.requireNonNull(model, "model");
        usage = orNull(usage);
        if (latencyMs < 0) {
            throw new IllegalArgumentException("latency_ms must be >= 0, but was " + latencyMs);
        }
        if (outcome == null || outcome.isBlank()) {
            throw new IllegalArgumentException("outcome must be a non-blank word such as \"ok\", but was "
                    + (outcome == null ? "missing" : "\"" + outcome + "\""));
        }
    }

    /** A builder for the bundle with the two required facts; every other part defaults to empty. */
    public static Builder builder(String auditId, Instant ts) {
        return new Builder(auditId, ts);
    }

    private static JsonNode orNull(JsonNode node) {
        // The parts are taken as given: the builder copies them unless the caller hands them over.
        return node == null ? NullNode.getInstance() : node;
    }

    /** Field names as written to the segment files (snake_case, like the rest of the wire format). */
    static final class Fields {
        static final String AUDIT_ID = "audit_id";
        static final String TS = "ts";
        static final String TENANT = "tenant";
        static final String SESSION = "session";
        static final String USER = "user";
        static final String REQUEST = "request";
        static final String SIGNALS = "signals";
        static final String MODULATION = "modulation";
        static final String TOOLS_OFFERED = "tools_offered";
        static final String TOOL_CALLS = "tool_calls";
        static final String MODERATION = "moderation";
        static final String INCIDENTS = "incidents";
        static final String PROVIDER = "provider";
        static final String MODEL = "model";
        static final String USAGE = "usage";
        static final String LATENCY_MS = "latency_ms";
        static final String OUTCOME = "outcome";
        static final String SEQ = "seq";
        static final String PREV_HASH = "prev_hash";
        static final String HASH = "hash";

        private Fields() {}
    }

    /** The bundle as a JSON object with snake_case keys (not yet redacted, no chain fields). */
    ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put(Fields.AUDIT_ID, auditId);
        o.put(Fields.TS, ts.toString());
        o.put(Fields.TENANT, tenant);
        o.put(Fields.SESSION, session);
        o.put(Fields.USER, user);
        o.set(Fields.REQUEST, request);
        o.set(Fields.SIGNALS, signals);
        o.set(Fields.MODULATION, modulation);
        o.set(Fields.TOOLS_OFFERED, toolsOffered);
        o.set(Fields.TOOL_CALLS, toolCalls);
        o.set(Fields.MODERATION, moderation);
        o.set(Fields.INCIDENTS, incidents);
        o.put(Fields.PROVIDER, provider);
        o.put(Fields.MODEL, model);
        o.set(Fields.USAGE, usage);
        o.put(Fields.LATENCY_MS, latencyMs);
        o.put(Fields.OUTCOME, outcome);
        return o;
    }

    /** Reads a bundle back from its stored JSON; a line without audit_id is rejected by name. */
    static AuditBundle fromJson(JsonNode o) {
        if (!o.hasNonNull(Fields.AUDIT_ID)) {
            throw new IllegalArgumentException("audit_id is required in a stored bundle, but was missing");
        }
        return new AuditBundle(
                o.get(Fields.AUDIT_ID).asText(),
                Instant.parse(o.path(Fields.TS).asText()),
                o.path(Fields.TENANT).asText(""),
                o.path(Fields.SESSION).asText(""),
                o.path(Fields.USER).asText(""),
                o.get(Fields.REQUEST),
                o.get(Fields.SIGNALS),
                o.get(Fields.MODULATION),
                o.get(Fields.TOOLS_OFFERED),
                o.get(Fields.TOOL_CALLS),
                o.get(Fields.MODERATION),
                o.get(Fields.INCIDENTS),
                o.path(Fields.PROVIDER).asText(""),
                o.path(Fields.MODEL).asText(""),
                o.get(Fields.USAGE),
                o.path(Fields.LATENCY_MS).asLong(0),
                o.path(Fields.OUTCOME).asText(""));
    }

    /** Builds an {@link AuditBundle}; parts not set are empty ("" or JSON null), outcome defaults to "ok". */
    public static final class Builder {
        private final String auditId;
        private final Instant ts;
        private String tenant = "";
        private String session = "";
        private String user = "";
        private JsonNode request;
        private JsonNode signals;
        private JsonNode modulation;
        private JsonNode toolsOffered;
        private JsonNode toolCalls;
        private JsonNode moderation;
        private JsonNode incidents;
        private String provider = "";
        private String model = "";
        private JsonNode usage;
        private long latencyMs;
        private String outcome = "ok";
        private boolean handedOver;

        private Builder(String auditId, Instant ts) {
            this.auditId = auditId;
            this.ts = ts;
        }

        public Builder tenant(String v) {
            tenant = v;
            return this;
        }

        public Builder session(String v) {
            session = v;
            return this;
        }

        public Builder user(String v) {
            user = v;
            return this;
        }

        public Builder request(JsonNode v) {
            request = v;
            return this;
        }

        public Builder signals(JsonNode v) {
            signals = v;
            return this;
        }

        public Builder modulation(JsonNode v) {
            modulation = v;
            return this;
        }

        public Builder toolsOffered(JsonNode v) {
            toolsOffered = v;
            return this;
        }

        public Builder toolCalls(JsonNode v) {
            toolCalls = v;
            return this;
        }

        public Builder moderation(JsonNode v) {
            moderation = v;
            return this;
        }

        public Builder incidents(JsonNode v) {
            incidents = v;
            return this;
        }

        public Builder provider(String v) {
            provider = v;
            return this;
        }

        public Builder model(String v) {
            model = v;
            return this;
        }

        public Builder usage(JsonNode v) {
            usage = v;
            return this;
        }

        public Builder latencyMs(long v) {
            latencyMs = v;
            return this;
        }

        public Builder outcome(String v) {
            outcome = v;
            return this;
        }

        /**
         * The caller hands the JSON parts over: it will not change them (nor any node in them) once
         * {@link #build} returns, so the bundle holds them without the deep copy it otherwise makes. The
         * pipeline builds its parts for the bundle alone; copying them was most of building a bundle.
         */
        public Builder handOver() {
            handedOver = true;
            return this;
        }

        public AuditBundle build() {
            return new AuditBundle(
                    auditId,
                    ts,
                    tenant,
                    session,
                    user,
                    owned(request),
                    owned(signals),
                    owned(modulation),
                    owned(toolsOffered),
                    owned(toolCalls),
                    owned(moderation),
                    owned(incidents),
                    provider,
                    model,
                    owned(usage),
                    latencyMs,
                    outcome);
        }

        /** A copy, so later changes by the caller stay out of the record, unless the parts were handed over. */
        private JsonNode owned(JsonNode node) {
            return node == null || handedOver ? node : node.deepCopy();
        }
    }
}
