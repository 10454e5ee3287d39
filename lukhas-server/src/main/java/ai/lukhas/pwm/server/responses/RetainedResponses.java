package ai.lukhas.pwm.server.responses;

import ai.lukhas.pwm.audit.AuditRedactor;
import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Stored Responses API objects as the routes see them, over any {@link ResponseStore}: kept in the
 * form the audit keeps (the conversation, instructions, output, metadata and user redacted of secrets
 * and personal data by the audit's own {@link AuditRedactor}; ids, statuses and parameters as they
 * were), and only for the retention period: a response older than it is not found (not by
 * {@code GET}, {@code input_items}, {@code DELETE} nor {@code previous_response_id}) and is purged,
 * {@value #PURGE_BATCH} at a time, on every store and at start.
 *
 * <pre>{@code
 * RetainedResponses responses = new RetainedResponses(ResponseStore.sqlite(db), Duration.ofDays(30), redactor, clock);
 * responses.keep(tenant, id, session, responseObject, items);
 * }</pre>
 */
public final class RetainedResponses {
    /** How many expired responses one purge step deletes at most. */
    public static final int PURGE_BATCH = 100;

    /** The fields of a response object that can hold application text, redacted before storing. */
    private static final List<String> CONTENT = List.of("output", "instructions", "metadata", "user");
    /** The fields of an item that identify it, kept as they were so ids and cursors still work. */
    private static final List<String> IDENTITY = List.of("id", "call_id", "type", "role", "status", "name");

    private final ResponseStore store;
    private final Duration retention;
    private final AuditRedactor redactor;
    private final Clock clock;

    public RetainedResponses(ResponseStore store, Duration retention, AuditRedactor redactor, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be a positive duration, but was " + retention);
        }
        this.retention = retention;
        this.redactor = Objects.requireNonNull(redactor, "redactor");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** How long a stored response is kept. */
    public Duration retention() {
        return retention;
    }

    /** Stores a response (redacted) created now, then purges one batch of expired ones. */
    public void keep(TenantId tenant, String id, String session, ObjectNode response, ArrayNode items) {
        Checks.notBlank(id, "id");
        ObjectNode stored = response.deepCopy();
        for (String f : CONTENT) {
            JsonNode v = stored.get(f);
            if (v != null && !v.isNull()) {
                stored.set(f, v.isArray() ? redactItems((ArrayNode) v) : redactor.redact(v));
            }
        }
        store.put(new StoredResponse(tenant, id, clock.instant(), session, stored, redactItems(items)));
        store.purgeCreatedBefore(cutoff(), PURGE_BATCH);
    }

    /** The tenant's response with this id, unless it is unknown, another tenant's or past retention. */
    public Optional<StoredResponse> find(TenantId tenant, String id) {
        Instant cutoff = cutoff();
        return store.find(tenant, id).filter(r -> !r.createdAt().isBefore(cutoff));
    }

    /** Deletes the tenant's response; false when {@link #find} would not find it. */
    public boolean delete(TenantId tenant, String id) {
        return find(tenant, id).isPresent() && store.delete(tenant, id);
    }

    /** Purges every expired response, batch by batch; how many. */
    public int purgeExpired() {
        Instant cutoff = cutoff();
        int total = 0;
        for (int n = store.purgeCreatedBefore(cutoff, PURGE_BATCH);
                n > 0;
                n = store.purgeCreatedBefore(cutoff, PURGE_BATCH)) {
            total += n;
            if (n < PURGE_BATCH) {
                break;
            }
        }
        return total;
    }

    private Instant cutoff() {
        return clock.instant().minus(retention);
    }

    /** Each item redacted, its identifying fields kept. */
    private ArrayNode redactItems(ArrayNode items) {
        ArrayNode out = items.arrayNode();
        for (JsonNode item : items) {
            JsonNode r = redactor.redact(item);
            if (r instanceof ObjectNode o && item.isObject()) {
                for (String f : IDENTITY) {
                    if (item.has(f)) {
                        o.set(f, item.get(f).deepCopy());
                    }
                }
            }
            out.add(r);
        }
        return out;
    }
}
