package ai.lukhas.pwm.governance.incident;

import ai.lukhas.pwm.pii.PiiScanner;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/**
 * Records incidents: gives each an id and the injected clock's time, masks personal data and secrets in the
 * detail (it may quote tool arguments), stores it and counts it. Thread-safe.
 *
 * <pre>{@code
 * IncidentLog log = IncidentLog.create(IncidentStore.sqlite(db), Clock.systemUTC());
 * Incident i = log.record(IncidentReport.invalidArguments("aud_1", "s1", "open_url", "url: required"));
 * log.exportCsv(IncidentQuery.latest(1000).forSession("s1"), writer);
 * }</pre>
 */
public final class IncidentLog {
    private final IncidentStore store;
    private final Clock clock;
    private final PiiScanner pii;
    private final Map<IncidentKind, LongAdder> byKind = new EnumMap<>(IncidentKind.class);
    private final Map<Severity, LongAdder> bySeverity = new EnumMap<>(Severity.class);

    private IncidentLog(IncidentStore store, Clock clock, PiiScanner pii) {
        this.store = store;
        this.clock = clock;
        this.pii = pii;
        for (IncidentKind k : IncidentKind.values()) {
            byKind.put(k, new LongAdder());
        }
        for (Severity s : Severity.values()) {
            bySeverity.put(s, new LongAdder());
        }
    }

    public static IncidentLog create(IncidentStore store, Clock clock) {
        return create(store, clock, PiiScanner.standard());
    }

    public static IncidentLog create(IncidentStore store, Clock clock, PiiScanner pii) {
        return new IncidentLog(
                Objects.requireNonNull(store, "store"),
                Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(pii, "pii"));
    }

    /** Stores the incident (durably, for a durable store) and counts it; returns it as stored. */
    public Incident record(IncidentReport report) {
        Objects.requireNonNull(report, "report");
        IncidentReport masked = new IncidentReport(
                report.auditId(),
                report.sessionId(),
                report.kind(),
                report.tool().map(pii::mask),
                pii.mask(report.detail()),
                report.severity());
        Incident incident = Incident.of(UUID.randomUUID().toString(), clock.instant(), masked);
        store.append(incident);
        byKind.get(incident.kind()).increment();
        bySeverity.get(incident.severity()).increment();
        return incident;
    }

    /** Matching incidents, newest first. */
    public List<Incident> list(IncidentQuery query) {
        return store.list(Objects.requireNonNull(query, "query"));
    }

    /** Writes the matching incidents as RFC 4180 CSV (header row, CRLF line ends) to {@code out}. */
    public void exportCsv(IncidentQuery query, Appendable out) {
        IncidentCsv.write(list(query), Objects.requireNonNull(out, "out"));
    }

    /** Incidents recorded by this log since it was created, by kind and by severity. */
    public IncidentCounts counts() {
        Map<IncidentKind, Long> kinds = new EnumMap<>(IncidentKind.class);
        byKind.forEach((k, n) -> kinds.put(k, n.sum()));
        Map<Severity, Long> severities = new EnumMap<>(Severity.class);
        bySeverity.forEach((s, n) -> severities.put(s, n.sum()));
        return new IncidentCounts(kinds, severities);
    }
}
