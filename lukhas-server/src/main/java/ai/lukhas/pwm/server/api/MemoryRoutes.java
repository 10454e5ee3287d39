package ai.lukhas.pwm.server.api;

import static ai.lukhas.pwm.server.api.RouteSupport.NODES;
import static ai.lukhas.pwm.server.api.RouteSupport.json;
import static ai.lukhas.pwm.server.api.RouteSupport.notFound;
import static ai.lukhas.pwm.server.api.RouteSupport.onlyQuery;
import static ai.lukhas.pwm.server.api.RouteSupport.query;

import ai.lukhas.pwm.audit.AuditLog;
import ai.lukhas.pwm.audit.AuditPage;
import ai.lukhas.pwm.audit.AuditQuery;
import ai.lukhas.pwm.audit.AuditRecord;
import ai.lukhas.pwm.memory.colony.AgentOpinion;
import ai.lukhas.pwm.memory.colony.Consensus;
import ai.lukhas.pwm.memory.colony.ConsensusMethod;
import ai.lukhas.pwm.memory.colony.ConsensusPersistence;
import ai.lukhas.pwm.memory.colony.ConsensusResult;
import ai.lukhas.pwm.memory.dna.DnaValue;
import ai.lukhas.pwm.memory.dna.HelixEntry;
import ai.lukhas.pwm.memory.dna.HelixMemory;
import ai.lukhas.pwm.memory.dna.KeyVersion;
import ai.lukhas.pwm.memory.dna.WriteReceipt;
import ai.lukhas.pwm.server.auth.Principal;
import ai.lukhas.pwm.server.auth.Role;
import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.server.http.Routes;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Memory, admin only: {@code POST /v1/colony/consensus} (decide a value from agents' opinions and
 * optionally persist it) and DNA helix memory {@code GET|PUT /v1/dna/{key}} and
 * {@code GET /v1/dna/{key}/history}. Every version rule's outcome of a write is 200: a stale or
 * conflicting write is an answer, not an error. Each route acts on one tenant's memory: the admin
 * key's own, or the one named by {@code ?tenant=}.
 *
 * {@code GET /v1/dna} lists a tenant's keys (paged, by key) and {@code GET /v1/colony/decisions} the
 * tenant's consensus decisions, newest first, from the audit log's index (outcome {@code
 * consensus_decided}).
 *
 * <pre>{@code new MemoryRoutes(support, helixMemory, auditLog)}</pre>
 */
public record MemoryRoutes(RouteSupport support, HelixMemory helix, AuditLog audit) implements Routes {
    /** How many audit pages one {@code GET /v1/colony/decisions} reads at most before it answers a cursor. */
    static final int DECISION_PAGES = 20;

    private static final Set<String> CONSENSUS_FIELDS = Set.of(
            "key",
            "method",
            "opinions",
            "version",
            "persist",
            "max_strength",
            "weights",
            "min_participants",
            "threshold");

    @Override
    public void register(RoutesConfig r) {
        r.post("/v1/colony/consensus", this::consensus);
        r.get("/v1/dna/{key}", this::dnaGet);
        r.put("/v1/dna/{key}", this::dnaPut);
        r.get("/v1/dna/{key}/history", this::dnaHistory);
        r.get("/v1/dna", this::dnaKeys);
        r.get("/v1/colony/decisions", this::decisions);
    }

    private void dnaKeys(Context ctx) {
        Principal p = support.auth(ctx, Role.ADMIN);
        onlyQuery(ctx, Set.of(RouteSupport.TENANT, "prefix", "limit", "cursor"));
        TenantId tenant = RouteSupport.tenant(ctx, p);
        String prefix = query(ctx, "prefix").orElse("");
        if (prefix.length() > 512) {
            throw Json.badRequest(
                    "prefix must be at most 512 characters (the longest key), but was " + prefix.length(),
                    List.of(new Problem.FieldError("prefix", "at most 512 characters")));
        }
        int limit = RouteSupport.limitParam(ctx);
        Optional<String> after = query(ctx, "cursor").map(MemoryRoutes::afterKey);
        List<KeyVersion> keys = helix.keys(tenant, prefix, after, limit);
        ArrayNode list = NODES.arrayNode();
        keys.forEach(k -> list.addObject()
                .put("key", k.key())
                .put("version", k.version())
                .put("updated_at", k.recordedAt().toString()));
        ObjectNode out = NODES.objectNode().put("tenant", tenant.value());
        out.set("keys", list);
        RouteSupport.nextCursor(
                out, keys.size() == limit ? Optional.of(keyCursor(keys.getLast().key())) : Optional.empty());
        json(ctx, 200, out);
    }

    private static String keyCursor(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("k:" + key).getBytes(StandardCharsets.UTF_8));
    }

    private static String afterKey(String cursor) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (s.startsWith("k:")) {
                return s.substring(2);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the problem below
        }
        throw RouteSupport.foreignCursor("GET /v1/dna", cursor);
    }

    /**
     * The tenant's consensus decisions, newest first: audit records of outcome {@code consensus_decided}
     * (found through the index by outcome) whose decision names the tenant. Reads at most {@link
     * #DECISION_PAGES} pages of such records before it answers, with a cursor to go on.
     */
    private void decisions(Context ctx) {
        Principal p = support.auth(ctx, Role.ADMIN);
        onlyQuery(ctx, Set.of(RouteSupport.TENANT, "limit", "cursor"));
        TenantId tenant = RouteSupport.tenant(ctx, p);
        int limit = RouteSupport.limitParam(ctx);
        Optional<String> cursor = query(ctx, "cursor");
        ArrayNode list = NODES.arrayNode();
        for (int page = 0; page < DECISION_PAGES && list.size() < limit; page++) {
            AuditQuery q = AuditQuery.all(limit - list.size())
                    .withOutcome("consensus_decided")
                    .newestFirst();
            AuditPage found;
            try {
                found = audit.query(cursor.isPresent() ? q.after(cursor.get()) : q);
            } catch (IllegalArgumentException e) {
                throw RouteSupport.foreignCursor("GET /v1/colony/decisions", cursor.orElse(""));
            }
            for (AuditRecord r : found.records()) {
                JsonNode decision = r.bundle().request();
                if (tenant.value().equals(decision.path("tenant").asText())) {
                    list.addObject()
                            .put("audit_id", r.bundle().auditId())
                            .put("ts", r.bundle().ts().toString())
                            .put("key_id", r.bundle().user())
                            .set("decision", decision);
                }
            }
            cursor = found.nextCursor();
            if (cursor.isEmpty()) {
                break;
            }
        }
        ObjectNode out = NODES.objectNode().put("tenant", tenant.value());
        out.set("decisions", list);
        RouteSupport.nextCursor(out, cursor);
        json(ctx, 200, out);
    }

    // ---- colony consensus -------------------------------------------------------------------------

    /** A parsed consensus request; {@code version} is empty when the next version of the key is meant. */
    private record ConsensusRequest(
            String key,
            ConsensusMethod method,
            List<AgentOpinion> opinions,
            OptionalLong version,
            boolean persist,
            double maxStrength) {}

    private void consensus(Context ctx) {
        support.audited(ctx, Role.ADMIN, "", p -> {
            onlyQuery(ctx, Set.of(RouteSupport.TENANT));
            TenantId tenant = RouteSupport.tenant(ctx, p);
            ConsensusRequest req = consensusRequest(Json.object(ctx));
            long version = req.version().isPresent()
                    ? req.version().getAsLong()
                    : helix.read(tenant, req.key()).map(HelixEntry::version).orElse(0L) + 1;
            ConsensusResult result =
                    unprocessableOn(() -> Consensus.decide(req.key(), version, req.opinions(), req.method()));
            ObjectNode out = decision(result, req.maxStrength());
            if (req.persist()) {
                ConsensusPersistence.Outcome o =
                        unprocessableOn(() -> ConsensusPersistence.persist(helix, tenant, result, req.maxStrength()));
                ObjectNode persisted = out.putObject("persisted");
                switch (o) {
                    case ConsensusPersistence.Outcome.Written w ->
                        persisted
                                .put("written", w.receipt().upserted())
                                .put("outcome", outcome(w.receipt()))
                                .put("version", w.receipt().version())
                                .put("strength", w.receipt().strength());
                    case ConsensusPersistence.Outcome.NotWritten nw ->
                        persisted.put("written", false).put("reason", nw.reason());
                }
            }
            support.audit(p, "", "consensus_decided", out.deepCopy().put("tenant", tenant.value()));
            json(ctx, 200, out);
        });
    }

    private static ConsensusRequest consensusRequest(ObjectNode body) {
        Json.Reader r = new Json.Reader(body).only(CONSENSUS_FIELDS);
        Optional<String> key = r.text("key", true, 256);
        Optional<String> methodName = r.text("method", true, 32);
        List<AgentOpinion> opinions = opinions(r);
        OptionalLong version = r.integer("version", false, 0, Long.MAX_VALUE / 2);
        boolean persist = r.bool("persist").orElse(false);
        double maxStrength = r.number("max_strength", false, Double.MIN_VALUE, Double.MAX_VALUE)
                .orElse(1.0);
        long minParticipants = r.integer("min_participants", false, 1, 1000).orElse(3);
        double threshold = r.number("threshold", false, Double.MIN_VALUE, 1.0).orElse(0.6);
        Map<String, Double> weights = weights(r);
        ConsensusMethod method = methodName
                .map(m -> method(r, m, weights, (int) minParticipants, threshold))
                .orElse(null);
        r.finish();
        return new ConsensusRequest(key.orElseThrow(), method, opinions, version, persist, maxStrength);
    }

    private static List<AgentOpinion> opinions(Json.Reader r) {
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
        return opinions;
    }

    private static Map<String, Double> weights(Json.Reader r) {
        Map<String, Double> weights = new LinkedHashMap<>();
        r.object("weights", false).ifPresent(w -> w.properties().forEach(e -> {
            if (!e.getValue().isNumber() || !(e.getValue().doubleValue() >= 0)) {
                r.invalid("weights." + e.getKey(), "must be a number >= 0, but was " + Json.describe(e.getValue()));
            } else {
                weights.put(e.getKey(), e.getValue().doubleValue());
            }
        }));
        return weights;
    }

    /** The method by wire name, or null after recording why it cannot be built (r.finish() then throws). */
    private static ConsensusMethod method(
            Json.Reader r, String name, Map<String, Double> weights, int minParticipants, double threshold) {
        try {
            return switch (name) {
                case "majority" -> new ConsensusMethod.Majority();
                case "weighted" -> new ConsensusMethod.Weighted(weights, 1.0);
                case "quorum" -> new ConsensusMethod.Quorum(minParticipants, threshold);
                case "supermajority" -> new ConsensusMethod.Supermajority();
                case "byzantine" -> new ConsensusMethod.Byzantine();
                default -> {
                    r.invalid(
                            "method",
                            "must be one of majority, weighted, quorum, supermajority, byzantine, but was '"
                                    + Json.abbreviate(name) + "'");
                    yield null;
                }
            };
        } catch (IllegalArgumentException e) {
            r.invalid("method", e.getMessage());
            return null;
        }
    }

    private static ObjectNode decision(ConsensusResult result, double maxStrength) {
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
                d.dissent()
                        .forEach(o ->
                                dissent.addObject().put("agent_id", o.agentId()).put("rationale", o.rationale()));
            }
            case ConsensusResult.NoDecision n ->
                out.put("decided", false).put("votes_total", n.votesTotal()).put("reason", n.reason());
        }
        return out;
    }

    // ---- DNA helix memory -------------------------------------------------------------------------

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
        Principal p = support.auth(ctx, Role.ADMIN);
        String key = dnaKey(ctx);
        onlyQuery(ctx, Set.of("version", "as_of", RouteSupport.TENANT));
        TenantId tenant = RouteSupport.tenant(ctx, p);
        Optional<String> v = query(ctx, "version");
        Optional<Instant> asOf = RouteSupport.instantParam(ctx, "as_of");
        if (v.isPresent() && asOf.isPresent()) {
            throw Json.badRequest(
                    "send version or as_of, not both",
                    List.of(new Problem.FieldError("as_of", "not together with version")));
        }
        Optional<HelixEntry> e;
        if (v.isPresent()) {
            e = helix.read(tenant, key, version(v.get()));
        } else if (asOf.isPresent()) {
            e = helix.readAsOf(tenant, key, asOf.get());
        } else {
            e = helix.read(tenant, key);
        }
        String at = v.map(x -> " at version " + x)
                .orElseGet(() -> asOf.map(a -> " as of " + a).orElse(""));
        json(
                ctx,
                200,
                entry(e.orElseThrow(() -> notFound("no DNA value for key '" + Json.abbreviate(key) + "'" + at))));
    }

    private static long version(String v) {
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
        return version;
    }

    private void dnaHistory(Context ctx) {
        Principal p = support.auth(ctx, Role.ADMIN);
        String key = dnaKey(ctx);
        onlyQuery(ctx, Set.of(RouteSupport.TENANT));
        TenantId tenant = RouteSupport.tenant(ctx, p);
        ArrayNode versions = NODES.arrayNode();
        helix.history(tenant, key).forEach(e -> versions.add(entry(e)));
        json(ctx, 200, NODES.objectNode().put("key", key).set("versions", versions));
    }

    private void dnaPut(Context ctx) {
        support.audited(ctx, Role.ADMIN, "", p -> {
            String key = dnaKey(ctx);
            onlyQuery(ctx, Set.of(RouteSupport.TENANT));
            TenantId tenant = RouteSupport.tenant(ctx, p);
            Json.Reader r = new Json.Reader(Json.object(ctx)).only(Set.of("value", "version", "strength", "meta"));
            Optional<JsonNode> value = r.any("value", true);
            OptionalLong version = r.integer("version", true, 0, Long.MAX_VALUE / 2);
            double strength = r.number("strength", false, -Double.MAX_VALUE, Double.MAX_VALUE)
                    .orElse(1.0);
            Optional<ObjectNode> meta = r.object("meta", false);
            r.finish();
            WriteReceipt w = unprocessableOn(() -> helix.write(
                    tenant,
                    key,
                    value.orElseThrow(),
                    version.orElseThrow(),
                    strength,
                    meta.map(JsonNode.class::cast).orElseGet(NODES::objectNode)));
            ObjectNode receipt = NODES.objectNode()
                    .put("key", w.key())
                    .put("version", w.version())
                    .put("strength", w.strength())
                    .put("upserted", w.upserted())
                    .put("outcome", outcome(w))
                    .put("checksum", w.checksum())
                    .put("recorded_at", w.recordedAt().toString());
            support.audit(
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

    private static String outcome(WriteReceipt w) {
        return w.outcome().name().toLowerCase(Locale.ROOT);
    }

    /** A memory rule the request broke (stale version, sealed value, ...) is the client's to fix: 422. */
    private static <T> T unprocessableOn(Supplier<T> work) {
        try {
            return work.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw Json.unprocessable(e.getMessage(), List.of());
        }
    }
}
