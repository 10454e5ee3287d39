package ai.lukhas.pwm.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of one harness run: where and how it ran, the light-load comparison, the saturation
 * throughput, and the verdict against ARCHITECTURE.md's budget. Renders as the printed table and as
 * the {@code --json} document (the same figures).
 *
 * <pre>{@code System.out.print(report.table()); Files.writeString(file, report.toJson().toPrettyString());}</pre>
 */
record LoadReport(
        Instant startedAt,
        Instant finishedAt,
        String loadAverageStart,
        String loadAverageEnd,
        Setup setup,
        Optional<Light> light,
        Optional<Saturation> saturation,
        long upstreamCallsFromGateway,
        long upstreamCallsDirect) {

    /** Added p50 at light load must stay below this (ms). */
    static final double BUDGET_ADDED_P50_MS = 0.3;
    /** Added p99 at light load must stay below this (ms). */
    static final double BUDGET_ADDED_P99_MS = 1.0;
    /** Governed requests per second at saturation must reach this. */
    static final double BUDGET_SATURATION_RPS = 7_500;

    LoadReport {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(loadAverageStart, "loadAverageStart");
        Objects.requireNonNull(loadAverageEnd, "loadAverageEnd");
        Objects.requireNonNull(setup, "setup");
        Objects.requireNonNull(light, "light");
        Objects.requireNonNull(saturation, "saturation");
    }

    /**
     * How the run was set up.
     *
     * @param mode light, saturation or both
     * @param rate requests per second to each target at light load
     * @param warmupSeconds discarded warm-up before each measured window
     * @param durationSeconds the light-load measured window
     * @param saturationSeconds the measured window of each saturation target
     * @param clients concurrent clients at saturation
     * @param gatewayRateLimit the default tenant's rate limit configured in the gateway (req/s per key)
     * @param jdk {@code java.version}
     * @param cpus available processors
     * @param auditDurability the audit log's durability ({@code fsync})
     * @param auditFileStore the file system type under the audit directory
     * @param provider the gateway's provider
     */
    record Setup(
            String mode,
            double rate,
            double warmupSeconds,
            double durationSeconds,
            double saturationSeconds,
            int clients,
            double gatewayRateLimit,
            String jdk,
            int cpus,
            String auditDurability,
            String auditFileStore,
            String provider) {
        Setup {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(jdk, "jdk");
            Objects.requireNonNull(auditDurability, "auditDurability");
            Objects.requireNonNull(auditFileStore, "auditFileStore");
            Objects.requireNonNull(provider, "provider");
        }
    }

    /**
     * Light load: both targets in one interleaved open loop, the JVM's GC pauses meanwhile (warm-up
     * included), and the gateway's own timers over the measured window (from the first measured
     * request until every request has answered).
     */
    record Light(PhaseResult direct, PhaseResult governed, GcPauses gc, ServerTimes server) {
        Light {
            Objects.requireNonNull(direct, "direct");
            Objects.requireNonNull(governed, "governed");
            Objects.requireNonNull(gc, "gc");
            Objects.requireNonNull(server, "server");
        }

        /** What the gateway adds, percentile by percentile. */
        LatencySummary added() {
            return governed.latency().minus(direct.latency());
        }
    }

    /**
     * Saturation: each target alone under the same closed loop, one after the other, with GC pauses
     * and the gateway's own timers during the governed phase (warm-up included).
     */
    record Saturation(
            PhaseResult direct,
            PhaseResult governed,
            GcPauses directGc,
            GcPauses governedGc,
            ServerTimes governedServer) {
        Saturation {
            Objects.requireNonNull(direct, "direct");
            Objects.requireNonNull(governed, "governed");
            Objects.requireNonNull(directGc, "directGc");
            Objects.requireNonNull(governedGc, "governedGc");
            Objects.requireNonNull(governedServer, "governedServer");
        }
    }

    /** Every failed request of the run, warm-up included; the harness exits non-zero when this is not 0. */
    long totalErrors() {
        long n = 0;
        for (PhaseResult r : phases()) {
            n += r.allErrors();
        }
        return n;
    }

    /** Every governed request the harness sent: each must have reached the upstream exactly once. */
    long governedSent() {
        return light.map(l -> l.governed().sent()).orElse(0L)
                + saturation.map(s -> s.governed().sent()).orElse(0L);
    }

    /** The budget's lines: each measured value against its limit, which the line's name states. */
    List<Check> budget() {
        List<Check> checks = new ArrayList<>();
        light.ifPresent(l -> {
            checks.add(new Check(
                    "light load: added p50 < " + BUDGET_ADDED_P50_MS + " ms",
                    l.added().p50(),
                    "ms",
                    Optional.empty(),
                    l.added().p50() < BUDGET_ADDED_P50_MS));
            checks.add(new Check(
                    "light load: added p99 < " + BUDGET_ADDED_P99_MS + " ms",
                    l.added().p99(),
                    "ms",
                    Optional.empty(),
                    l.added().p99() < BUDGET_ADDED_P99_MS));
        });
        saturation.ifPresent(s -> checks.add(new Check(
                "saturation: governed >= 7,500 req/s",
                s.governed().throughput(),
                "req/s",
                Optional.empty(),
                s.governed().throughput() >= BUDGET_SATURATION_RPS)));
        return checks;
    }

    private List<PhaseResult> phases() {
        List<PhaseResult> all = new ArrayList<>();
        light.ifPresent(l -> all.addAll(List.of(l.direct(), l.governed())));
        saturation.ifPresent(s -> all.addAll(List.of(s.direct(), s.governed())));
        return all;
    }

    /** The printed report. */
    String table() {
        StringBuilder b = new StringBuilder();
        b.append(f(
                "LUKHAS PWM load harness: %s .. %s, JDK %s, %d CPUs%n",
                startedAt, finishedAt, setup.jdk(), setup.cpus()));
        b.append(f("load average (1/5/15 min): %s at start, %s at end%n", loadAverageStart, loadAverageEnd));
        b.append(f(
                "gateway: provider %s -> local mock upstream, audit %s on %s, tenant rate limit %s req/s%n",
                setup.provider(), setup.auditDurability(), setup.auditFileStore(), number(setup.gatewayRateLimit())));
        light.ifPresent(l -> {
            b.append(f(
                    "%nLight load: open loop, %s req/s to each target, interleaved; %s s measured after %s s warm-up;%n",
                    number(setup.rate()), number(setup.durationSeconds()), number(setup.warmupSeconds())));
            b.append("latency in ms from each request's intended start\n");
            b.append(f(
                    "%-9s %9s %7s %9s %9s %9s %9s %9s%n",
                    "target", "requests", "errors", "p50", "p90", "p99", "p99.9", "max"));
            row(b, l.direct());
            row(b, l.governed());
            LatencySummary a = l.added();
            b.append(f(
                    "%-9s %9s %7s %9.3f %9.3f %9.3f %9.3f %9.3f%n",
                    "added", "", "", a.p50(), a.p90(), a.p99(), a.p999(), a.max()));
            ServerTimes st = l.server();
            b.append(f(
                    "gateway-side means (its own timers, measured window): request %.3f ms, of which upstream"
                            + " call %.3f ms and audit append %.3f ms; the rest %.3f ms (%d requests)%n",
                    st.meanHttpMs(),
                    st.meanUpstreamMs(),
                    st.meanAuditMs(),
                    st.meanHttpMs() - st.meanUpstreamMs() - st.meanAuditMs(),
                    st.httpRequests()));
            b.append(f(
                    "audit: %d records, %d fsyncs (%.2f records per fsync), mean fsync %.3f ms%n",
                    st.auditRecords(), st.auditFsyncs(), st.recordsPerFsync(), st.meanFsyncMs()));
            b.append(f(
                    "GC pauses in this JVM during the phase (warm-up included): %d, %.0f ms%n",
                    l.gc().collections(), l.gc().millis()));
        });
        saturation.ifPresent(s -> {
            b.append(f(
                    "%nSaturation: closed loop, %d clients, each target alone; %s s measured after %s s warm-up%n",
                    setup.clients(), number(setup.saturationSeconds()), number(setup.warmupSeconds())));
            b.append(f("%-9s %9s %7s %9s %9s %9s %9s%n", "target", "requests", "errors", "req/s", "p50", "p99", "max"));
            for (PhaseResult r : List.of(s.direct(), s.governed())) {
                b.append(f(
                        "%-9s %9d %7d %9.0f %9.3f %9.3f %9.3f%n",
                        r.target(),
                        r.requests(),
                        r.errors(),
                        r.throughput(),
                        r.latency().p50(),
                        r.latency().p99(),
                        r.latency().max()));
            }
            b.append(f(
                    "GC pauses in this JVM (warm-ups included): %d, %.0f ms (direct); %d, %.0f ms (governed)%n",
                    s.directGc().collections(),
                    s.directGc().millis(),
                    s.governedGc().collections(),
                    s.governedGc().millis()));
            ServerTimes gs = s.governedServer();
            b.append(f(
                    "governed phase, gateway side (warm-up included): request %.3f ms, upstream call %.3f ms,"
                            + " audit append %.3f ms (means); %.2f audit records per fsync, mean fsync %.3f ms%n",
                    gs.meanHttpMs(), gs.meanUpstreamMs(), gs.meanAuditMs(), gs.recordsPerFsync(), gs.meanFsyncMs()));
        });
        b.append(f(
                "%nupstream calls: %d from the gateway (%d governed requests sent), %d direct%n",
                upstreamCallsFromGateway, governedSent(), upstreamCallsDirect));
        for (PhaseResult r : phases()) {
            if (!r.errorsByKind().isEmpty()) {
                b.append(f("errors of %s: %s%n", r.target(), r.errorsByKind()));
            }
        }
        b.append("\nBudget (ARCHITECTURE.md, \"Performance budgets\"):\n");
        if (!setup.auditDurability().equals("fsync")) {
            b.append("  (audit durability is " + setup.auditDurability()
                    + ", not fsync: the budget is defined with fsync, so these are for comparison only)\n");
        }
        for (Check c : budget()) {
            b.append(f("  %-38s %10.3f %-5s %s%n", c.name(), c.value(), c.unit(), c.met() ? "met" : "NOT met"));
        }
        b.append(f("errors: %d%s%n", totalErrors(), totalErrors() == 0 ? "" : " (the run failed)"));
        return b.toString();
    }

    private static void row(StringBuilder b, PhaseResult r) {
        LatencySummary l = r.latency();
        b.append(f(
                "%-9s %9d %7d %9.3f %9.3f %9.3f %9.3f %9.3f%n",
                r.target(), r.requests(), r.errors(), l.p50(), l.p90(), l.p99(), l.p999(), l.max()));
    }

    /** The {@code --json} document. */
    ObjectNode toJson() {
        JsonNodeFactory n = JsonNodeFactory.instance;
        ObjectNode root = n.objectNode();
        root.put("started_at", startedAt.toString());
        root.put("finished_at", finishedAt.toString());
        root.put("load_average_start", loadAverageStart);
        root.put("load_average_end", loadAverageEnd);
        ObjectNode s = root.putObject("setup");
        s.put("mode", setup.mode())
                .put("rate_per_target", setup.rate())
                .put("warmup_seconds", setup.warmupSeconds())
                .put("duration_seconds", setup.durationSeconds())
                .put("saturation_seconds", setup.saturationSeconds())
                .put("clients", setup.clients())
                .put("gateway_rate_limit", setup.gatewayRateLimit())
                .put("jdk", setup.jdk())
                .put("cpus", setup.cpus())
                .put("audit_durability", setup.auditDurability())
                .put("audit_file_store", setup.auditFileStore())
                .put("provider", setup.provider());
        light.ifPresent(l -> {
            ObjectNode o = root.putObject("light");
            o.set("direct", phase(l.direct()));
            o.set("governed", phase(l.governed()));
            o.set("added_ms", latency(l.added()));
            o.set("gc_pauses", gc(l.gc()));
            o.set("gateway_side_ms", gatewaySide(l.server()));
        });
        saturation.ifPresent(sat -> {
            ObjectNode o = root.putObject("saturation");
            o.set("direct", phase(sat.direct()));
            o.set("governed", phase(sat.governed()));
            o.set("gc_pauses_direct", gc(sat.directGc()));
            o.set("gc_pauses_governed", gc(sat.governedGc()));
            o.set("governed_gateway_side_ms", gatewaySide(sat.governedServer()));
        });
        root.put("upstream_calls_from_gateway", upstreamCallsFromGateway);
        root.put("upstream_calls_direct", upstreamCallsDirect);
        root.put("governed_requests_sent", governedSent());
        var budget = root.putArray("budget");
        budget().forEach(c -> budget.add(c.json()));
        root.put("errors", totalErrors());
        return root;
    }

    private static ObjectNode phase(PhaseResult r) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("target", r.target())
                .put("requests", r.requests())
                .put("errors", r.errors())
                .put("sent", r.sent())
                .put("unmeasured_errors", r.unmeasuredErrors())
                .put("seconds", r.seconds())
                .put("requests_per_second", r.throughput());
        ObjectNode kinds = o.putObject("errors_by_kind");
        r.errorsByKind().forEach(kinds::put);
        o.set("latency_ms", latency(r.latency()));
        return o;
    }

    /** The gateway's own timers over a phase, in ms means (and the audit's counts). */
    private static JsonNode gatewaySide(ServerTimes t) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("requests", t.httpRequests())
                .put("mean_request", t.meanHttpMs())
                .put("mean_upstream_call", t.meanUpstreamMs())
                .put("mean_audit_append", t.meanAuditMs())
                .put("audit_records", t.auditRecords())
                .put("audit_fsyncs", t.auditFsyncs())
                .put("mean_fsync", t.meanFsyncMs());
    }

    private static JsonNode gc(GcPauses g) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("collections", g.collections())
                .put("millis", g.millis());
    }

    private static JsonNode latency(LatencySummary l) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("samples", l.samples())
                .put("p50", l.p50())
                .put("p90", l.p90())
                .put("p95", l.p95())
                .put("p99", l.p99())
                .put("p99_9", l.p999())
                .put("max", l.max())
                .put("mean", l.mean());
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v);
    }
}
