package ai.lukhas.pwm.audit;

import ai.lukhas.pwm.check.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * A filter over stored bundles, oldest first; all given conditions must hold.
 *
 * <pre>{@code
 * AuditPage page = log.query(AuditQuery.all(50).withSession("s-1").withOutcome("blocked"));
 * page.nextCursor().map(c -> log.query(AuditQuery.all(50).withSession("s-1").after(c)));
 * }</pre>
 *
 * @param session only this session
 * @param from only bundles with ts at or after this instant
 * @param to only bundles with ts before this instant
 * @param outcome only this outcome
 * @param limit most records per page, 1..10000
 * @param cursor where the previous page stopped ({@link AuditPage#nextCursor()})
 * @param tenant only this tenant's bundles
 * @param descending pages from the newest record towards the oldest instead of oldest first
 */
public record AuditQuery(
        Optional<String> session,
        Optional<Instant> from,
        Optional<Instant> to,
        Optional<String> outcome,
        int limit,
        Optional<String> cursor,
        Optional<String> tenant,
        boolean descending) {
    public AuditQuery {
        Checks.nonNull("tenant, session, from, to, outcome, cursor", tenant, session, from, to, outcome, cursor);
        Checks.inRange(limit, 1, 10_000, "limit");
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new IllegalArgumentException(
                    "time range must have from < to, but was [" + from.get() + ", " + to.get() + ")");
        }
    }

    /** Every tenant's bundles, oldest first. */
    public AuditQuery(
            Optional<String> session,
            Optional<Instant> from,
            Optional<Instant> to,
            Optional<String> outcome,
            int limit,
            Optional<String> cursor) {
        this(session, from, to, outcome, limit, cursor, Optional.empty(), false);
    }

    public static AuditQuery all(int limit) {
        return new AuditQuery(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), limit, Optional.empty());
    }

    public AuditQuery withSession(String s) {
        return new AuditQuery(Optional.of(s), from, to, outcome, limit, cursor, tenant, descending);
    }

    /** Bundles with {@code from <= ts < to}. */
    public AuditQuery between(Instant fromInclusive, Instant toExclusive) {
        return new AuditQuery(
                session,
                Optional.of(fromInclusive),
                Optional.of(toExclusive),
                outcome,
                limit,
                cursor,
                tenant,
                descending);
    }

    public AuditQuery withOutcome(String o) {
        return new AuditQuery(session, from, to, Optional.of(o), limit, cursor, tenant, descending);
    }

    public AuditQuery after(String c) {
        return new AuditQuery(session, from, to, outcome, limit, Optional.of(c), tenant, descending);
    }

    /** Only {@code t}'s bundles. */
    public AuditQuery withTenant(String t) {
        return new AuditQuery(session, from, to, outcome, limit, cursor, Optional.of(t), descending);
    }

    /** Newest first: from the end of the chain towards its start. */
    public AuditQuery newestFirst() {
        return new AuditQuery(session, from, to, outcome, limit, cursor, tenant, true);
    }
}
