package ai.lukhas.pwm.server.stats;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.governance.incident.IncidentKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The overview counters at one instant.
 *
 * <pre>{@code Overview o = stats.overview(); o.addedP99Ms(); // OptionalDouble[0.9]}</pre>
 *
 * @param requestsLastMinute governed requests that ended in the last 60 s
 * @param addedP50Ms median of the gateway's own time per request over the last hour, empty without samples
 * @param topBlockedTools tools whose calls the gate refused since start, most refused first (at most 10)
 * @param lastVerified the last audit verification in this process
 */
public record Overview(
        Instant at,
        Instant startedAt,
        long requestsLastMinute,
        long requestsLastHour,
        long errorsLastHour,
        OptionalDouble addedP50Ms,
        OptionalDouble addedP99Ms,
        long latencySamples,
        long incidentsLastHour,
        long incidentsLastDay,
        Map<IncidentKind, Long> incidentsByKindLastDay,
        List<ToolCount> topBlockedTools,
        long providerErrorsLastHour,
        Map<String, Long> providerErrorsByTypeLastHour,
        Optional<Verification> lastVerified) {
    public Overview {
        Checks.nonNull("at, startedAt, addedP50Ms", at, startedAt, addedP50Ms);
        Checks.nonNull("addedP99Ms, lastVerified", addedP99Ms, lastVerified);
        incidentsByKindLastDay = Map.copyOf(incidentsByKindLastDay);
        topBlockedTools = List.copyOf(topBlockedTools);
        providerErrorsByTypeLastHour = Map.copyOf(providerErrorsByTypeLastHour);
    }

    /** Errors per request over the last hour, 0 without requests. */
    public double errorRate() {
        return requestsLastHour == 0 ? 0 : (double) errorsLastHour / requestsLastHour;
    }

    /** Calls of one tool the gate refused. */
    public record ToolCount(String tool, long count) {
        public ToolCount {
            Objects.requireNonNull(tool, "tool");
        }
    }

    /** One audit verification: when, whether the chain was intact, how many records it covered. */
    public record Verification(Instant at, boolean intact, long records) {
        public Verification {
            Objects.requireNonNull(at, "at");
        }
    }
}
