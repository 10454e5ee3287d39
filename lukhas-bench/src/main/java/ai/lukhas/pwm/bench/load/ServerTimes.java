package ai.lukhas.pwm.bench.load;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's own timers (its Micrometer registry, as /metrics exposes them), summed: what the
 * server spent on {@code POST /v1/chat/completions} from its first filter to its last, and within
 * that on upstream calls and audit appends; and the audit log's records, fsyncs and fsync time.
 * The difference of two snapshots covers a window; its means say where the added latency goes.
 *
 * <pre>{@code ServerTimes w = ServerTimes.of(registry).minus(before); w.meanHttpMs();}</pre>
 */
record ServerTimes(
        long httpRequests,
        double httpMs,
        long upstreamCalls,
        double upstreamMs,
        long auditAppends,
        double auditMs,
        long auditRecords,
        long auditFsyncs,
        double fsyncMs) {
    static final ServerTimes NONE = new ServerTimes(0, 0, 0, 0, 0, 0, 0, 0, 0);

    ServerTimes {
        if (httpRequests < 0
                || upstreamCalls < 0
                || auditAppends < 0
                || auditRecords < 0
                || auditFsyncs < 0
                || httpMs < 0
                || upstreamMs < 0
                || auditMs < 0
                || fsyncMs < 0) {
            throw new IllegalArgumentException("server timer totals must be >= 0");
        }
    }

    static ServerTimes of(MeterRegistry registry) {
        Timer http = registry.find("lukhas.http.requests")
                .tag("route", "/v1/chat/completions")
                .tag("status", "200")
                .timer();
        Timer upstream =
                registry.find("lukhas.provider.calls").tag("outcome", "ok").timer();
        Timer audit = registry.find("lukhas.audit.append").timer();
        return new ServerTimes(
                count(http),
                ms(http),
                count(upstream),
                ms(upstream),
                count(audit),
                ms(audit),
                (long) counter(registry, "lukhas.audit.records"),
                (long) counter(registry, "lukhas.audit.fsyncs"),
                counter(registry, "lukhas.audit.fsync.seconds") * 1e3);
    }

    ServerTimes minus(ServerTimes before) {
        return new ServerTimes(
                Math.max(0, httpRequests - before.httpRequests),
                Math.max(0, httpMs - before.httpMs),
                Math.max(0, upstreamCalls - before.upstreamCalls),
                Math.max(0, upstreamMs - before.upstreamMs),
                Math.max(0, auditAppends - before.auditAppends),
                Math.max(0, auditMs - before.auditMs),
                Math.max(0, auditRecords - before.auditRecords),
                Math.max(0, auditFsyncs - before.auditFsyncs),
                Math.max(0, fsyncMs - before.fsyncMs));
    }

    /** Audit records per fsync: 1 when every request waits for its own, more when group commit batches. */
    double recordsPerFsync() {
        return auditFsyncs == 0 ? 0 : (double) auditRecords / auditFsyncs;
    }

    /** Mean duration of one fsync of an audit segment (ms). */
    double meanFsyncMs() {
        return auditFsyncs == 0 ? 0 : fsyncMs / auditFsyncs;
    }

    /** Mean server-side time of a successful chat request (ms). */
    double meanHttpMs() {
        return httpRequests == 0 ? 0 : httpMs / httpRequests;
    }

    /** Mean upstream call, the gateway's own HTTP hop to the mock included (ms). */
    double meanUpstreamMs() {
        return upstreamCalls == 0 ? 0 : upstreamMs / upstreamCalls;
    }

    /** Mean audit append, until durable (ms). */
    double meanAuditMs() {
        return auditAppends == 0 ? 0 : auditMs / auditAppends;
    }

    private static double counter(MeterRegistry registry, String name) {
        FunctionCounter c = registry.find(name).functionCounter();
        return c == null ? 0 : c.count();
    }

    private static long count(Timer t) {
        return t == null ? 0 : t.count();
    }

    private static double ms(Timer t) {
        return t == null ? 0 : t.totalTime(TimeUnit.NANOSECONDS) / 1e6;
    }
}
