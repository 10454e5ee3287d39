package ai.lukhas.pwm.bench.load;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's own timers (its Micrometer registry, as /metrics exposes them), summed: what the
 * server spent on {@code POST /v1/chat/completions} from its first filter to its last, and within
 * that on upstream calls and audit appends. The difference of two snapshots covers a window; its
 * means say where the added latency goes.
 *
 * <pre>{@code ServerTimes w = ServerTimes.of(registry).minus(before); w.meanHttpMs();}</pre>
 */
record ServerTimes(
        long httpRequests, double httpMs, long upstreamCalls, double upstreamMs, long auditAppends, double auditMs) {
    static final ServerTimes NONE = new ServerTimes(0, 0, 0, 0, 0, 0);

    ServerTimes {
        if (httpRequests < 0 || upstreamCalls < 0 || auditAppends < 0 || httpMs < 0 || upstreamMs < 0 || auditMs < 0) {
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
        return new ServerTimes(count(http), ms(http), count(upstream), ms(upstream), count(audit), ms(audit));
    }

    ServerTimes minus(ServerTimes before) {
        return new ServerTimes(
                Math.max(0, httpRequests - before.httpRequests),
                Math.max(0, httpMs - before.httpMs),
                Math.max(0, upstreamCalls - before.upstreamCalls),
                Math.max(0, upstreamMs - before.upstreamMs),
                Math.max(0, auditAppends - before.auditAppends),
                Math.max(0, auditMs - before.auditMs));
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

    private static long count(Timer t) {
        return t == null ? 0 : t.count();
    }

    private static double ms(Timer t) {
        return t == null ? 0 : t.totalTime(TimeUnit.NANOSECONDS) / 1e6;
    }
}
