package ai.lukhas.pwm.governance.incident;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.store.TenantId;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which incidents to list: optionally one tenant (empty = every tenant), one session, a time window {@code
 * [from, until)} and a set of kinds (empty = all), at most {@code limit}. Newest first, continuing {@code
 * before} a cursor when one is given; or, with {@code after}, the incidents recorded after that cursor in
 * recording order (oldest first), which is how a live feed polls.
 *
 * <pre>{@code IncidentQuery.latest(50).forTenant(acme).forSession("s1").ofKinds(Set.of(IncidentKind.BLOCKED_TOOL))}</pre>
 */
public record IncidentQuery(
        Optional<String> sessionId,
        Optional<Instant> from,
        Optional<Instant> until,
        Set<IncidentKind> kinds,
        int limit,
        Optional<TenantId> tenant,
        Optional<IncidentCursor> before,
        Optional<IncidentCursor> after) {
    public static final int MAX_LIMIT = 10_000;

    public IncidentQuery {
        Checks.nonNull("sessionId, from, until, kinds", sessionId, from, until, kinds);
        Checks.nonNull("tenant, before, after", tenant, before, after);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be in [1, " + MAX_LIMIT + "], but was " + limit);
        }
        if (from.isPresent() && until.isPresent() && !from.get().isBefore(until.get())) {
            throw new IllegalArgumentException(
                    "from must be before until, but was from " + from.get() + " until " + until.get());
        }
        if (before.isPresent() && after.isPresent()) {
            throw new IllegalArgumentException("a query continues either before or after a cursor, not both");
        }
        EnumSet<IncidentKind> k = EnumSet.noneOf(IncidentKind.class);
        k.addAll(kinds);
        kinds = Collections.unmodifiableSet(k);
    }

    /** Every tenant's incidents, newest first, no cursor. */
    public IncidentQuery(
            Optional<String> sessionId,
            Optional<Instant> from,
            Optional<Instant> until,
            Set<IncidentKind> kinds,
            int limit) {
        this(sessionId, from, until, kinds, limit, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The newest {@code limit} incidents of all tenants, sessions and kinds. */
    public static IncidentQuery latest(int limit) {
        return new IncidentQuery(Optional.empty(), Optional.empty(), Optional.empty(), Set.of(), limit);
    }

    public IncidentQuery forSession(String session) {
        return new IncidentQuery(Optional.of(session), from, until, kinds, limit, tenant, before, after);
    }

    /** Only {@code t}'s incidents. */
    public IncidentQuery forTenant(TenantId t) {
        return new IncidentQuery(sessionId, from, until, kinds, limit, Optional.of(t), before, after);
    }

    /** Incidents at or after {@code instant}. */
    public IncidentQuery since(Instant instant) {
        return new IncidentQuery(sessionId, Optional.of(instant), until, kinds, limit, tenant, before, after);
    }

    /** Incidents strictly before {@code instant}. */
    public IncidentQuery before(Instant instant) {
        return new IncidentQuery(sessionId, from, Optional.of(instant), kinds, limit, tenant, before, after);
    }

    public IncidentQuery ofKinds(Set<IncidentKind> only) {
        return new IncidentQuery(sessionId, from, until, only, limit, tenant, before, after);
    }

    /** The next page of an earlier newest-first page that ended at {@code cursor}: older incidents. */
    public IncidentQuery olderThan(IncidentCursor cursor) {
        return new IncidentQuery(sessionId, from, until, kinds, limit, tenant, Optional.of(cursor), Optional.empty());
    }

    /** Incidents recorded after {@code cursor}, oldest first (a live feed's poll). */
    public IncidentQuery recordedAfter(IncidentCursor cursor) {
        return new IncidentQuery(sessionId, from, until, kinds, limit, tenant, Optional.empty(), Optional.of(cursor));
    }

    /** Whether {@code incident} matches every filter (the limit and cursors aside). */
    public boolean matches(Incident incident) {
        return sessionId.map(s -> s.equals(incident.sessionId())).orElse(true)
                && tenant.map(t -> t.equals(incident.tenant())).orElse(true)
                && from.map(f -> !incident.ts().isBefore(f)).orElse(true)
                && until.map(u -> incident.ts().isBefore(u)).orElse(true)
                && (kinds.isEmpty() || kinds.contains(incident.kind()));
    }

    /** Whether the stored incident lies on this query's side of its cursor, if any. */
    boolean continues(StoredIncident s) {
        if (after.isPresent()) {
            return s.seq() > after.get().seq();
        }
        if (before.isPresent()) {
            IncidentCursor c = before.get();
            int byTime = s.incident().ts().compareTo(c.ts());
            return byTime < 0 || (byTime == 0 && s.seq() < c.seq());
        }
        return true;
    }
}
