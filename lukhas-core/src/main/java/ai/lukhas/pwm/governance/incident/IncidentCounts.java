package ai.lukhas.pwm.governance.incident;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How many incidents of each kind and severity this process has recorded since it started (the durable
 * history is in the store; these are the metrics counters).
 *
 * <pre>{@code log.counts().byKind().get(IncidentKind.BLOCKED_TOOL); // 3}</pre>
 */
public record IncidentCounts(Map<IncidentKind, Long> byKind, Map<Severity, Long> bySeverity) {
    public IncidentCounts {
        byKind = complete(IncidentKind.class, byKind);
        bySeverity = complete(Severity.class, bySeverity);
    }

    public long total() {
        return byKind.values().stream().mapToLong(Long::longValue).sum();
    }

    private static <E extends Enum<E>> Map<E, Long> complete(Class<E> type, Map<E, Long> given) {
        Objects.requireNonNull(given, type.getSimpleName());
        EnumMap<E, Long> all = new EnumMap<>(type);
        for (E e : type.getEnumConstants()) {
            long n = given.getOrDefault(e, 0L);
            if (n < 0) {
                throw new IllegalArgumentException("count for " + e + " must be >= 0, but was " + n);
            }
            all.put(e, n);
        }
        return Collections.unmodifiableMap(all);
    }
}
