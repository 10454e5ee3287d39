package ai.lukhas.pwm.governance.incident;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.pii.PiiScanner;
import ai.lukhas.pwm.store.TenantId;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger LOG = LoggerFactory.getLogger(IncidentLog.class);
    private final IncidentStore store;
    private final Clock clock;
    private final PiiScanner pii;
    private final Map<IncidentKind, LongAdder> byKind = new EnumMap<>(IncidentKind.class);
    private final Map<Severity, LongAdder> bySeverity = new EnumMap<>(Severity.class);
    private final List<Consumer<Incident>> listeners = new CopyOnWriteArrayList<>();

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

    /** Records an incident of the {@link TenantId#DEFAULT default} tenant (see {@link #record(TenantId, IncidentReport)}). */
    public Incident record(IncidentReport report) {
        return record(TenantId.DEFAULT, report);
    }

    /**
     * Stores the incident of {@code tenant} (durably, for a durable store), counts it and tells the listeners;
     * returns it as stored.
     */
    public Incident record(TenantId tenant, IncidentReport report) {
        Checks.nonNull("tenant, report", tenant, report);
        IncidentReport masked = new IncidentReport(
                report.auditId(),
                report.sessionId(),
                report.kind(),
                report.tool().map(pii::mask),
                pii.mask(report.detail()),
                report.severity());
        Incident incident = Incident.of(UUID.randomUUID().toString(), clock.instant(), tenant, masked);
        store.append(incident);
        byKind.get(incident.kind()).increment();
        bySeverity.get(incident.severity()).increment();
        for (Consumer<Incident> listener : listeners) {
            try {
                listener.accept(incident);
            } catch (RuntimeException e) {
                // a listener (metrics, a dashboard counter) must never undo or fail a recorded incident
                LOG.warn("incident listener failed: {}", e.toString());
            }
        }
        return incident;
    }

    /**
     * Tells {@code listener} of every incident recorded from now on, on the recording thread, after it is
     * stored. A listener that throws is logged and ignored.
     */
    public void addListener(Consumer<Incident> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Matching incidents with their positions, in the order of {@link IncidentStore#listed(IncidentQuery)}. */
    public List<StoredIncident> listed(IncidentQuery query) {
        return store.listed(Objects.requireNonNull(query, "query"));
    }

    /** The position after the latest recorded incident, where a live feed starts polling. */
    public IncidentCursor end() {
        return store.end();
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
