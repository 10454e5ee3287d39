package ai.lukhas.pwm.server;

import ai.lukhas.pwm.audit.AuditBundle;
import ai.lukhas.pwm.audit.AuditLog;
import ai.lukhas.pwm.audit.AuditReceipt;
import ai.lukhas.pwm.audit.AuditStats;
import ai.lukhas.pwm.feedback.FeedbackService;
import ai.lukhas.pwm.feedback.StyleLut;
import ai.lukhas.pwm.governance.incident.IncidentCounts;
import ai.lukhas.pwm.governance.incident.IncidentKind;
import ai.lukhas.pwm.governance.incident.IncidentLog;
import ai.lukhas.pwm.governance.tools.ToolCounts;
import ai.lukhas.pwm.governance.tools.ToolGate;
import ai.lukhas.pwm.modulation.Modulator;
import ai.lukhas.pwm.modulation.SafetyMode;
import ai.lukhas.pwm.pipeline.GovernedEmbedding;
import ai.lukhas.pwm.pipeline.GovernedResult;
import ai.lukhas.pwm.pipeline.Outcome;
import ai.lukhas.pwm.pipeline.PipelineObserver;
import ai.lukhas.pwm.pipeline.SessionStore;
import ai.lukhas.pwm.provider.EmbeddingResponse;
import ai.lukhas.pwm.server.http.Exchange;
import ai.lukhas.pwm.server.http.ExchangeFilter;
import ai.lukhas.pwm.server.stats.OverviewStats;
import ai.lukhas.pwm.store.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The gateway's Prometheus registry: request count and latency histogram per route and status, plus
 * the components' own counters bridged at scrape time (tool calls blocked per tool, incidents per
 * kind, audit log batching and fsync, audit append latency, each tenant's global feedback style deltas, live
 * modulation sessions, sessions per safety mode), and what the pipeline reports through its
 * {@link #pipelineObserver()} (provider latency and errors, tool durations, blocked tools by tool
 * and mode, auto-tightenings by trigger, token usage).
 *
 * <pre>{@code String text = gateway.metrics().scrape(); // Prometheus text format}</pre>
 */
public final class GatewayMetrics implements AutoCloseable {
    private static final String START = "lukhas.metrics.start";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ToolGate toolGate;
    private final IncidentLog incidents;
    private final AuditLog audit;
    private final Timer auditAppend;
    private final Map<String, ToolCounts> toolSnapshot = new ConcurrentHashMap<>();
    /** The request timers by tags: looked up once per request instead of built and registered again. */
    private final Map<RequestKey, Timer> requestTimers = new ConcurrentHashMap<>();

    private final FeedbackService feedback;
    /** Each tenant's global LUT as of the last scrape; a tenant's gauges are registered when it first appears. */
    private final Map<TenantId, StyleLut> lutSnapshot = new ConcurrentHashMap<>();

    private volatile IncidentCounts incidentSnapshot;
    private final SessionStore sessions;
    private volatile Map<SafetyMode, Integer> modeSnapshot;
    private final Counter promptTokens;
    private final Counter completionTokens;
    private final PipelineObserver observer = new Observer();
    private final OverviewStats overview;
    /**
     * This thread's governed request: when its HTTP request started and how long it waited on the model so
     * far (nanoseconds). A request runs on one thread from the HTTP before-handler to the pipeline's end
     * (streams too: the handler drives the stream), so the gateway's own time is the difference.
     */
    private static final ThreadLocal<long[]> REQUEST = ThreadLocal.withInitial(() -> new long[2]);

    /** Registers every meter over these components; the gateway builds one. */
    GatewayMetrics(
            ToolGate toolGate,
            IncidentLog incidents,
            AuditLog audit,
            FeedbackService feedback,
            Modulator modulator,
            SessionStore sessions,
            OverviewStats overview) {
        this.toolGate = toolGate;
        this.overview = overview;
        this.sessions = sessions;
        this.modeSnapshot = new EnumMap<>(SafetyMode.class);
        for (SafetyMode mode : SafetyMode.values()) {
            Gauge.builder("lukhas.sessions.by.mode", this, m -> m.modeSnapshot.getOrDefault(mode, 0))
                    .description("sessions held by the gateway's session store, by their current safety mode")
                    .tag("mode", mode.wireName())
                    .register(registry);
        }
        this.promptTokens = tokens("prompt");
        this.completionTokens = tokens("completion");
        this.incidents = incidents;
        this.audit = audit;
        this.incidentSnapshot = incidents.counts();
        this.auditAppend = Timer.builder("lukhas.audit.append")
                .description("time to append one audit bundle through the gateway (durable when acknowledged)")
                .publishPercentileHistogram()
                .register(registry);
        for (IncidentKind kind : IncidentKind.values()) {
            FunctionCounter.builder("lukhas.incidents", this, m -> m.incidentSnapshot
                            .byKind()
                            .getOrDefault(kind, 0L))
                    .description("incidents recorded, by kind (provider_error counts upstream failures)")
                    .tag("kind", kind.wireName())
                    .register(registry);
        }
        auditCounter("lukhas.audit.records", "audit records appended since start", AuditStats::records);
        auditCounter("lukhas.audit.batches", "group-commit batches written since start", AuditStats::batches);
        auditCounter("lukhas.audit.fsyncs", "fsyncs of audit segments since start", AuditStats::fsyncs);
        FunctionCounter.builder(
                        "lukhas.audit.fsync.seconds", audit, a -> a.stats().fsyncNanos() / 1e9)
                .description("total time spent in audit fsyncs")
                .register(registry);
        auditCounter(
                "lukhas.audit.checkpoints", "signed audit checkpoints written since start", AuditStats::checkpoints);
        auditCounter(
                "lukhas.audit.witness.failures",
                "audit checkpoints a witness did not take (the next one supersedes it)",
                AuditStats::witnessFailures);
        Gauge.builder(
                        "lukhas.audit.startup.recoveries",
                        audit,
                        a -> a.startupReport().recovery().isPresent() ? 1 : 0)
                .description("1 when start-up wrote a recovery record into the audit chain (repair or damage)")
                .register(registry);
        Gauge.builder("lukhas.audit.startup.damage", audit, a -> a.startupReport()
                        .damage()
                        .size())
                .description("findings of damage a crash cannot explain that start-up accepted (on_damage: record)")
                .register(registry);
        this.feedback = feedback;
        refreshLuts();
        Gauge.builder("lukhas.modulation.sessions", modulator, Modulator::sessionCount)
                .description("sessions with signal state held by the modulator")
                .register(registry);
    }

    private Counter tokens(String type) {
        return Counter.builder("lukhas.tokens")
                .description("tokens the provider reported, by type (prompt or completion)")
                .tag("type", type)
                .register(registry);
    }

    /** What the governed pipeline reports to: pass it to {@code GovernedPipeline.Builder.observer}. */
    public PipelineObserver pipelineObserver() {
        return observer;
    }

    /**
     * The model-call timer of an outcome, built and registered on its first call as before (so an
     * {@code error} series appears with the first error) and then kept: building and registering it
     * again on every call was a builder, a tag list and a registry look-up per request.
     */
    private Timer providerCalls(boolean error) {
        Timer t = error ? providerCallsError : providerCallsOk;
        if (t == null) {
            t = Timer.builder("lukhas.provider.calls")
                    .description("model calls by outcome (ok or error), a histogram")
                    .tag("outcome", error ? "error" : "ok")
                    .publishPercentileHistogram()
                    .register(registry);
            if (error) {
                providerCallsError = t;
            } else {
                providerCallsOk = t;
            }
        }
        return t;
    }

    /** {@link #providerCalls}' timers once registered (the registry answers the same meter to a second register). */
    private volatile Timer providerCallsOk;

    private volatile Timer providerCallsError;

    /** Meters fed by the pipeline; every label value is bounded (tool names, statuses, modes, triggers). */
    private final class Observer implements PipelineObserver {
        @Override
        public void auditAppended(Duration latency) {
            auditAppend.record(latency);
        }

        @Override
        public void providerCall(Duration latency, Optional<String> errorType) {
            REQUEST.get()[1] += latency.toNanos();
            errorType.ifPresent(overview::providerError);
            providerCalls(errorType.isPresent()).record(latency);
            errorType.ifPresent(type -> Counter.builder("lukhas.provider.errors")
                    .description(
                            "failed model calls by error type (http_<status>, transport, rejected, malformed_stream)")
                    .tag("type", type)
                    .register(registry)
                    .increment());
        }

        @Override
        public void toolRun(String tool, String status, SafetyMode mode, Duration duration) {
            Timer.builder("lukhas.tool.runs")
                    .description("tool calls handled by the gate, by tool and status, timed")
                    .tag("tool", tool)
                    .tag("status", status)
                    // The seed plan's threshold (tool execution < 200 ms) as a bucket of its own, so
                    // the share of runs within it is exact (bin/load --scenario seed reads it).
                    .serviceLevelObjectives(Duration.ofMillis(200))
                    .register(registry)
                    .record(duration);
            if (status.equals("blocked_tool")) {
                overview.toolBlocked(tool);
                increment(
                        "lukhas.tool.blocked",
                        "tool calls refused by the gate, by tool and the safety mode they were judged in",
                        "tool",
                        tool,
                        mode);
            }
        }

        @Override
        public void tightened(String trigger, SafetyMode mode) {
            increment(
                    "lukhas.tightenings",
                    "automatic session tightenings, by trigger and the mode they led to",
                    "trigger",
                    trigger,
                    mode);
        }

        /** Counts one event of {@code name} tagged with {@code tag=value} and the safety mode. */
        private void increment(String name, String description, String tag, String value, SafetyMode mode) {
            Counter.builder(name)
                    .description(description)
                    .tag(tag, value)
                    .tag("mode", mode.wireName())
                    .register(registry)
                    .increment();
        }

        @Override
        public void outputFiltered(int releasedChars) {
            DistributionSummary.builder("lukhas.output.filtered.released.chars")
                    .description("characters of the model's output that had reached the client when it was flagged"
                            + " (content_filter); no character of a detector finding is among them"
                            + " (docs/governance.md, streaming release bound)")
                    .baseUnit("characters")
                    .register(registry)
                    .record(releasedChars);
        }

        @Override
        public void toolCallsRefused(String limit, int count) {
            Counter.builder("lukhas.tool.calls.refused")
                    .description("tool calls refused unrun because a per-message or per-request limit was reached")
                    .tag("limit", limit)
                    .register(registry)
                    .increment(count);
        }

        @Override
        public void embeddingsEnded(GovernedEmbedding result) {
            Counter.builder("lukhas.embeddings")
                    .description("embeddings requests by outcome (completed, refused, provider_error)")
                    .tag("outcome", result.outcome().wireName())
                    .register(registry)
                    .increment();
            result.response()
                    .flatMap(EmbeddingResponse::usage)
                    .ifPresent(u -> promptTokens.increment(u.promptTokens()));
        }

        @Override
        public void requestEnded(String sessionId, GovernedResult result) {
            long[] request = REQUEST.get();
            if (request[0] != 0) {
                long added = Math.max(0, System.nanoTime() - request[0] - request[1]);
                overview.requestEnded(Duration.ofNanos(added), result.outcome() == Outcome.PROVIDER_ERROR);
                request[0] = 0;
                request[1] = 0;
            }
            result.response().usage().ifPresent(u -> {
                promptTokens.increment(u.promptTokens());
                completionTokens.increment(u.completionTokens());
            });
        }
    }

    private void auditCounter(String name, String description, ToDoubleFunction<AuditStats> f) {
        FunctionCounter.builder(name, audit, a -> f.applyAsDouble(a.stats()))
                .description(description)
                .register(registry);
    }

    /**
     * Reads the global LUT of the default tenant and of every tenant with recent cards, once per scrape:
     * each tenant's gauge is computed from that tenant's cards alone.
     */
    private void refreshLuts() {
        List<TenantId> tenants = new ArrayList<>(feedback.tenantsWithRecentCards());
        if (!tenants.contains(TenantId.DEFAULT)) {
            tenants.add(TenantId.DEFAULT);
        }
        // A tenant seen before whose cards all left the window keeps its gauge, now neutral.
        lutSnapshot.keySet().forEach(t -> {
            if (!tenants.contains(t)) {
                tenants.add(t);
            }
        });
        for (TenantId tenant : tenants) {
            if (lutSnapshot.put(tenant, feedback.globalLut(tenant)) == null) {
                LUT_PARAMETERS.forEach((parameter, f) -> lut(tenant, parameter, f));
            }
        }
    }

    /** The LUT's deltas by the {@code parameter} label of the gauge. */
    private static final Map<String, ToDoubleFunction<StyleLut>> LUT_PARAMETERS = Map.of(
            "temperature", StyleLut::temperatureDelta,
            "top_p", StyleLut::topPDelta,
            "memory_write", StyleLut::memoryWriteBoost,
            "verbosity", StyleLut::verbosityBias);

    private void lut(TenantId tenant, String parameter, ToDoubleFunction<StyleLut> f) {
        Gauge.builder("lukhas.feedback.lut.delta", lutSnapshot, m -> {
                    StyleLut lut = m.get(tenant);
                    return lut == null ? 0 : f.applyAsDouble(lut);
                })
                .description("a tenant's global (fallback) feedback style delta applied to a parameter")
                .tag("tenant", tenant.value())
                .tag("parameter", parameter)
                .register(registry);
    }

    /** Appends through the audit log, timing the append for {@code lukhas_audit_append_seconds}. */
    public AuditReceipt appendAudit(AuditBundle bundle) {
        long start = System.nanoTime();
        try {
            return audit.append(bundle);
        } finally {
            auditAppend.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /** The registry, for components that add their own meters. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Reads the components' counters once, then renders every meter in the Prometheus text format. */
    public String scrape() {
        refresh();
        return registry.scrape();
    }

    private void refresh() {
        refreshLuts();
        incidentSnapshot = incidents.counts();
        modeSnapshot = sessions.countByMode();
        Map<String, ToolCounts> counts = toolGate.counts();
        for (Map.Entry<String, ToolCounts> e : counts.entrySet()) {
            String tool = e.getKey();
            if (toolSnapshot.put(tool, e.getValue()) == null) {
                registerTool(tool);
            }
        }
    }

    private void registerTool(String tool) {
        toolCounter(tool, "blocked_tool", ToolCounts::blockedTool);
        toolCounter(tool, "invalid_arguments", ToolCounts::invalidArguments);
        toolCounter(tool, "completed", ToolCounts::completed);
        toolCounter(tool, "truncated", ToolCounts::truncated);
        toolCounter(tool, "tool_error", ToolCounts::toolErrors);
        toolCounter(tool, "timeout", ToolCounts::timeouts);
        toolCounter(tool, "crash", ToolCounts::crashes);
        toolCounter(tool, "client_side", ToolCounts::clientSide);
    }

    private void toolCounter(String tool, String outcome, ToDoubleFunction<ToolCounts> f) {
        FunctionCounter.builder("lukhas.tool.calls", toolSnapshot, m -> {
                    ToolCounts c = m.get(tool);
                    return c == null ? 0 : f.applyAsDouble(c);
                })
                .description("tool calls seen by the gate, by tool and outcome (blocked_tool: refused by the gate)")
                .tag("tool", tool)
                .tag("outcome", outcome)
                .register(registry);
    }

    /** Times every request: {@code lukhas_http_requests_seconds{method,route,status}} (a histogram). */
    ExchangeFilter httpRoutes() {
        return new ExchangeFilter() {
            @Override
            public void before(Exchange ex) {
                long now = System.nanoTime();
                ex.attribute(START, now);
                long[] request = REQUEST.get();
                request[0] = now;
                request[1] = 0;
            }

            @Override
            public void after(Exchange ex) {
                recordRequest(ex);
            }
        };
    }

    private void recordRequest(Exchange ex) {
        Optional<Object> start = ex.attribute(START);
        if (start.isEmpty()) {
            return;
        }
        requestTimers
                .computeIfAbsent(
                        new RequestKey(methodTag(ex.method()), ex.route().orElse("unmatched"), ex.status()),
                        this::requestTimer)
                .record(System.nanoTime() - (Long) start.get(), TimeUnit.NANOSECONDS);
    }

    /** The HTTP methods a request timer is tagged with by name; any other method is tagged {@code other}. */
    private static final java.util.Set<String> KNOWN_METHODS =
            java.util.Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");

    /**
     * The method as a tag. The client chooses the method token freely ({@code FOO1}, {@code FOO2}, … are
     * answered 405), so naming it would let one client create a timer, and its histogram, per request.
     */
    static String methodTag(String method) {
        return KNOWN_METHODS.contains(method) ? method : "other";
    }

    /**
     * A request timer's tags: the method (one of a fixed set), the route template (never the raw path) and
     * the status, so the set stays as small as the routes times the statuses they answer.
     */
    private record RequestKey(String method, String route, int status) {}

    private Timer requestTimer(RequestKey key) {
        return Timer.builder("lukhas.http.requests")
                .description("HTTP requests by method, route template and status")
                .tag("method", key.method())
                .tag("route", key.route())
                .tag("status", Integer.toString(key.status()))
                .publishPercentileHistogram()
                .register(registry);
    }

    @Override
    public void close() {
        registry.close();
    }
}
