package ai.lukhas.pwm.governance.incident;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which incidents to list: newest first, optionally one session, a time window {@code [from, until)} and a set
 * of kinds (empty = all), at most {@code limit}.
 *
 * <pre>{@code IncidentQuery.latest(50).forSession("s1").ofKinds(Set.of(IncidentKind.BLOCKED_TOOL))}</pre>
 */
public record IncidentQuery(
        Optional<String> sessionId,
        Optional<Instant> from,
        Optional<Instant> until,
        Set<IncidentKind> kinds,
        int limit) {
    public static final int MAX_LIMIT = 10_000;

    public IncidentQuery {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(kinds, "kinds");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be in [1, " + MAX_LIMIT + "], but was " + limit);
        }
        if (from.isPresent() && until.isPresent() && !from.get().isBefore(until.get())) {
            throw new IllegalArgumentException(
                    "from must be before until, but was from " + from.get() + " until " + until.get());
        }
        EnumSet<IncidentKind> k = EnumSet.noneOf(IncidentKind.class);
        k.addAll(kinds);
        kinds = Collections.unmodifiableSet(k);
    }

    /** The newest {@code limit} incidents of all sessions and kinds. */
    public static IncidentQuery latest(int limit) {
        return new IncidentQuery(Optional.empty(), Optional.empty(), Optional.empty(), Set.of(), limit);
    }

    public IncidentQuery forSession(String session) {
        return new IncidentQuery(Optional.of(session), from, until, kinds, limit);
    }

    /** Incidents at or after {@code instant}. */
    public IncidentQuery since(Instant instant) {
        return new IncidentQuery(sessionId, Optional.of(instant), until, kinds, limit);
    }

    /** Incidents strictly before {@code instant}. */
    public IncidentQuery before(Instant instant) {
        return new IncidentQuery(sessionId, from, Optional.of(instant), kinds, limit);
    }

    public IncidentQuery ofKinds(Set<IncidentKind> only) {
        return new IncidentQuery(sessionId, from, until, only, limit);
    }

    /** Whether {@code incident} matches every condition (the limit aside). */
    public boolean matches(Incident incident) {
        return sessionId.map(s -> s.equals(incident.sessionId())).orElse(true)
                && from.map(f -> !incident.ts().isBefore(f)).orElse(true)
                && until.map(u -> incident.ts().isBefore(u)).orElse(true)
                && (kinds.isEmpty() || kinds.contains(incident.kind()));
    }
}
