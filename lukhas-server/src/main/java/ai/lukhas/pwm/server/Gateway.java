package ai.lukhas.pwm.server;

import ai.lukhas.pwm.audit.AuditLog;
import ai.lukhas.pwm.audit.AuditLogConfig;
import ai.lukhas.pwm.audit.AuditRedactor;
import ai.lukhas.pwm.audit.CheckpointConfig;
import ai.lukhas.pwm.audit.CheckpointWitness;
import ai.lukhas.pwm.audit.DamagePolicy;
import ai.lukhas.pwm.audit.Durability;
import ai.lukhas.pwm.audit.StartupReport;
import ai.lukhas.pwm.feedback.FeedbackService;
import ai.lukhas.pwm.feedback.FeedbackStore;
import ai.lukhas.pwm.feedback.LutSettings;
import ai.lukhas.pwm.flags.FlagRegistry;
import ai.lukhas.pwm.flags.FlagService;
import ai.lukhas.pwm.governance.incident.Escalation;
import ai.lukhas.pwm.governance.incident.EscalationHolds;
import ai.lukhas.pwm.governance.incident.Guardian;
import ai.lukhas.pwm.governance.incident.IncidentLog;
import ai.lukhas.pwm.governance.incident.IncidentReport;
import ai.lukhas.pwm.governance.incident.IncidentStore;
import ai.lukhas.pwm.governance.incident.IncidentWindows;
import ai.lukhas.pwm.governance.moderation.ModerationConfig;
import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.governance.moderation.Moderator;
import ai.lukhas.pwm.governance.tools.CanonicalTool;
import ai.lukhas.pwm.governance.tools.ExecutionLimits;
import ai.lukhas.pwm.governance.tools.ToolGate;
import ai.lukhas.pwm.governance.tools.ToolRegistry;
import ai.lukhas.pwm.governance.tools.exec.BrowserPolicy;
import ai.lukhas.pwm.governance.tools.exec.BrowserTool;
import ai.lukhas.pwm.governance.tools.exec.CodeExecTool;
import ai.lukhas.pwm.governance.tools.exec.DnaKnowledgeSearch;
import ai.lukhas.pwm.governance.tools.exec.RetrievalTool;
import ai.lukhas.pwm.governance.tools.exec.SandboxLimits;
import ai.lukhas.pwm.governance.tools.exec.SchedulerTool;
import ai.lukhas.pwm.memory.colony.Colony;
import ai.lukhas.pwm.memory.colony.ColonyAgent;
import ai.lukhas.pwm.memory.colony.ConsensusMethod;
import ai.lukhas.pwm.memory.dna.DnaKeyring;
import ai.lukhas.pwm.memory.dna.HelixMemory;
import ai.lukhas.pwm.modulation.ModulationPolicy;
import ai.lukhas.pwm.modulation.Modulator;
import ai.lukhas.pwm.pii.PiiScanner;
import ai.lukhas.pwm.pipeline.GovernedPipeline;
import ai.lukhas.pwm.pipeline.ModelColonyAgent;
import ai.lukhas.pwm.pipeline.SessionStore;
import ai.lukhas.pwm.provider.LlmProvider;
import ai.lukhas.pwm.provider.OpenAiCompatibleConfig;
import ai.lukhas.pwm.server.admin.AdminRoutes;
import ai.lukhas.pwm.server.api.AuditRoutes;
import ai.lukhas.pwm.server.api.ChatRoutes;
import ai.lukhas.pwm.server.api.EmbeddingsRoutes;
import ai.lukhas.pwm.server.api.FeedbackRoutes;
import ai.lukhas.pwm.server.api.FlagRoutes;
import ai.lukhas.pwm.server.api.GatewayToolNames;
import ai.lukhas.pwm.server.api.HealthRoutes;
import ai.lukhas.pwm.server.api.IncidentRoutes;
import ai.lukhas.pwm.server.api.KeyRoutes;
import ai.lukhas.pwm.server.api.MemoryRoutes;
import ai.lukhas.pwm.server.api.ModelsRoutes;
import ai.lukhas.pwm.server.api.ModulationRoutes;
import ai.lukhas.pwm.server.api.OverviewRoutes;
import ai.lukhas.pwm.server.api.ResponsesRoutes;
import ai.lukhas.pwm.server.api.RouteSupport;
import ai.lukhas.pwm.server.api.SchedulerRoutes;
import ai.lukhas.pwm.server.api.SessionRoutes;
import ai.lukhas.pwm.server.api.TenantTools;
import ai.lukhas.pwm.server.api.ToolRoutes;
import ai.lukhas.pwm.server.api.UpstreamProbe;
import ai.lukhas.pwm.server.auth.AccessControl;
import ai.lukhas.pwm.server.auth.ApiKeyStore;
import ai.lukhas.pwm.server.auth.FailedAuthThrottle;
import ai.lukhas.pwm.server.config.LukhasConfig;
import ai.lukhas.pwm.server.flags.FlagOverrideStores;
import ai.lukhas.pwm.server.http.Routes;
import ai.lukhas.pwm.server.openapi.OpenApiRoutes;
import ai.lukhas.pwm.server.responses.ResponseStore;
import ai.lukhas.pwm.server.responses.RetainedResponses;
import ai.lukhas.pwm.server.stats.OverviewStats;
import ai.lukhas.pwm.store.DataDirectory;
import ai.lukhas.pwm.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.FutureTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every component of the gateway exactly once from the configuration,
 * the environment and a clock, hands them to the HTTP routes, and owns their lifecycle ({@link
 * #close()} flushes the audit log and closes the database last).
 *
 * <pre>{@code
 * try (Gateway gateway = Gateway.open(config, System.getenv(), Clock.systemUTC());
 *         GatewayServer server = gateway.start(new ServerSettings("127.0.0.1", 0))) {
 *     System.out.println("http://127.0.0.1:" + server.port() + "/readyz");
 * }
 * }</pre>
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    /** The DNA key file looked up in the data directory when no other key source is set. */
    public static final String DNA_KEY_FILE = "dna.keys";

    private final LukhasConfig config;
    private final Clock clock;
    private final DataDirectory data;
    private final Database database;
    private final ApiKeyStore keys;
    private final RetainedResponses responses;
    private final AccessControl access;
    private final FailedAuthThrottle authThrottle;
    private final FlagService flags;
    private final ModulationPolicy policy;
    private final Modulator modulator;
    private final PiiScanner pii;
    private final FeedbackService feedback;
    private final SchedulerTool scheduler;
    private final ToolRegistry tools;
    private final ToolGate toolGate;
    private final Moderator moderator;
    private final IncidentLog incidents;
    private final Escalation escalation;
    private final Guardian guardian;
    private final AuditLog audit;
    private final HelixMemory helix;
    private final Colony colony;
    private final LlmProvider provider;
    private final UpstreamProbe upstreamProbe;
    private final GatewayMetrics metrics;
    private final OverviewStats overview;
    private final GovernedPipeline pipeline;
    private final Deque<AutoCloseable> closeables;

    private Gateway(LukhasConfig config, Map<String, String> env, Clock clock) {
        this.config = config;
        this.clock = clock;
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        this.closeables = opened;
        // independent of everything opened below: built beside it, joined where it was built before
        Ahead ahead = new Ahead();
        FutureTask<AuditRedactor> standardRedactor = ahead.add(AuditRedactor::standard);
        FutureTask<ModulationPolicy> loadedPolicy = ahead.add(
                () -> config.policy().file().map(ModulationPolicy::load).orElseGet(ModulationPolicy::loadDefault));
        FutureTask<ModerationConfig> moderationConfig = ahead.add(
                () -> config.moderation().file().map(ModerationConfig::load).orElse(ModerationConfig.NONE));
        ahead.start("lukhas-open-ahead");
        try {
            this.data = DataDirectory.of(config.dataDirectory());
            createDirectory(data.root(), "data_dir");
            this.database = Database.sqlite(data.database());
            opened.push(database);
            this.keys = ApiKeyStore.open(database, clock);
            AuditRedactor redactor = Ahead.join(standardRedactor);
            // stored responses are kept in the form the audit keeps: the same redaction
            this.responses = new RetainedResponses(
                    ResponseStore.sqlite(database), config.responses().retentionPeriod(), redactor, clock);
            this.responses.purgeExpired();
            this.access =
                    AccessControl.create(keys, tenant -> config.tenant(tenant).rateLimit(), clock);
            this.authThrottle = FailedAuthThrottle.create(config.auth(), clock);
            // run-time overrides (PUT /v1/flags/{name}) are kept in the database and outlive a restart
            this.flags = FlagService.create(
                    FlagRegistry.standard(),
                    Optional.of(Path.of(config.flags().file())),
                    () -> env,
                    clock,
                    FlagOverrideStores.sqlite(database));
            this.policy = Ahead.join(loadedPolicy);
            this.modulator = Modulator.create(policy, clock, flags);
            this.pii = PiiScanner.standard();
            DnaKeyring keyring = DnaKeyring.load(env, Optional.of(data.root().resolve(DNA_KEY_FILE)));
            this.helix = HelixMemory.sqlite(database, clock, flags, keyring);
            this.scheduler = SchedulerTool.open(database, clock);
            this.tools = toolRegistry(config.tools(), helix, scheduler);
            this.toolGate = ToolGate.create(tools, flags);
            opened.push(toolGate);
            ModerationConfig moderation = Ahead.join(moderationConfig);
            this.moderator = moderation.moderator(ModerationProvider.local(pii), env, clock);
            this.incidents = IncidentLog.create(IncidentStore.sqlite(database), clock, pii);
            this.escalation = Escalation.create(
                    modulator,
                    EscalationHolds.inMemory(),
                    IncidentWindows.inMemory(),
                    config.escalation().settings(),
                    clock);
            this.guardian = Guardian.create(incidents, escalation);
            Path auditDir = config.auditDirectory();
            createDirectory(auditDir, "audit.dir");
            this.audit = AuditLog.open(auditConfig(config, auditDir), redactor, clock);
            opened.push(audit);
            recordRecovery(audit, incidents);
            // a card may rate only an audited action of the submitting tenant
            this.feedback = FeedbackService.create(
                    FeedbackStore.sqlite(database), AuditedActions.of(audit::find), pii, LutSettings.DEFAULT, clock);
            this.colony = Colony.of(List.of(
                    ColonyAgent.schema(Map.of(), 64 * 1024),
                    ColonyAgent.moderation(pii),
                    ColonyAgent.novelty(helix, 0.9)));
            this.provider = provider(config.upstream());
            opened.push(provider);
            this.upstreamProbe = UpstreamProbe.of(provider.name(), provider::check, clock);
            SessionStore pipelineSessions = SessionStore.inMemory(escalation, clock, 100_000);
            this.overview = OverviewStats.inMemory(clock);
            incidents.addListener(i -> overview.incident(i.kind()));
            this.metrics =
                    new GatewayMetrics(toolGate, incidents, audit, feedback, modulator, pipelineSessions, overview);
            opened.push(metrics);
            this.pipeline = GovernedPipeline.builder()
                    .provider(provider)
                    .modulator(modulator)
                    .tools(toolGate)
                    .moderator(moderator)
                    .guardian(guardian)
                    .audit(audit)
                    .feedback(feedback)
                    .clock(clock)
                    .defaultModel(config.upstream().model())
                    .maxSteps(config.tools().limits().maxSteps())
                    .maxToolCallsPerMessage(config.tools().limits().callsPerMessage())
                    .maxToolCallsPerRequest(config.tools().limits().callsPerRequest())
                    .sessions(pipelineSessions)
                    .observer(metrics.pipelineObserver())
                    // Memory proposed in chat requests: the rule agents plus a model agent over the
                    // same provider, asked last and only when its vote could still lead to a write
                    // (each opinion is a provider call); the offline provider's plain text makes it abstain.
                    .memory(
                            helix,
                            Colony.of(List.of(
                                            ColonyAgent.schema(Map.of(), 64 * 1024),
                                            ColonyAgent.moderation(pii),
                                            ColonyAgent.novelty(helix, 0.9)))
                                    .thenAsk(
                                            ModelColonyAgent.ID,
                                            new ModelColonyAgent(
                                                    provider, config.upstream().model())),
                            new ConsensusMethod.Majority())
                    .build();
        } catch (RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    /**
     * Builds every component. Flags and DNA keys read {@code env} ({@code LUKHAS_FLAG_*},
     * {@code LUKHAS_DNA_KEY}...); the configuration has already applied its own {@code LUKHAS_*} layer.
     *
     * @throws IllegalArgumentException when a policy file, DNA key or directory cannot be used (the
     *     message names it)
     */
    public static Gateway open(LukhasConfig config, Map<String, String> env, Clock clock) {
        return new Gateway(
                Objects.requireNonNull(config, "config"),
                Map.copyOf(Objects.requireNonNull(env, "env")),
                Objects.requireNonNull(clock, "clock"));
    }

    /** Starts the HTTP server with every route group of {@link #routes()}. */
    public GatewayServer start(ServerSettings settings) {
        return GatewayServer.start(settings, routes());
    }

    /**
     * The route groups this gateway serves: request metrics (first, so it sees every request), the
     * {@link RequestScreen} (keyless Host/Origin rule, failed-authentication throttle, JSON content
     * type — before any route), /readyz and /metrics, one group per management resource, /openapi.json with Swagger UI at
     * /docs, the admin dashboard's static files at /admin, then the OpenAI-compatible API of {@link #chatRoutes()}. Each group gets the shared
     * {@link RouteSupport} and only the components it acts on.
     */
    public List<Routes> routes() {
        RouteSupport support = routeSupport();
        TenantTools tenantTools = tenantTools();
        List<Routes> all = new ArrayList<>();
        all.add(metrics.httpRoutes());
        all.add(new RequestScreen(access, authThrottle));
        all.add(new HealthRoutes(database, data.database(), audit.directory(), upstreamProbe, metrics::scrape));
        all.add(new ModulationRoutes(support, policy, clock, flags));
        all.add(new SessionRoutes(support, pipeline.sessions(), policy.signalNames(), incidents));
        all.add(new ToolRoutes(support, tools, toolGate, pipeline.sessions(), policy, flags, tenantTools));
        all.add(new AuditRoutes(support, audit, overview, clock));
        all.add(new IncidentRoutes(support, incidents));
        all.add(new FeedbackRoutes(support, feedback, clock));
        all.add(new FlagRoutes(support, flags));
        all.add(new MemoryRoutes(support, helix, audit));
        all.add(new OverviewRoutes(support, overview, pipeline.sessions(), audit, clock));
        all.add(new KeyRoutes(support, keys, tenantSettings(config)));
        all.add(new SchedulerRoutes(support, scheduler));
        all.add(OpenApiRoutes.fromClasspath());
        all.add(new AdminRoutes(flags));
        all.addAll(chatRoutes());
        return List.copyOf(all);
    }

    /** The tenants of the configuration, as {@code GET /v1/tenants} shows them. */
    private static KeyRoutes.TenantSettings tenantSettings(LukhasConfig config) {
        return new KeyRoutes.TenantSettings() {
            @Override
            public java.util.Set<String> configured() {
                return config.tenants().keySet();
            }

            @Override
            public KeyRoutes.TenantView of(String tenant) {
                LukhasConfig.Tenant t = config.tenant(tenant);
                return new KeyRoutes.TenantView(
                        t.tools(),
                        t.rateLimit().requestsPerSecond(),
                        t.rateLimit().burst());
            }
        };
    }

    /** The OpenAI-compatible API (/v1/chat/completions, /v1/responses, /v1/models, /v1/embeddings) over the governed pipeline. */
    List<Routes> chatRoutes() {
        RouteSupport support = routeSupport();
        String model = provider.model(config.upstream().model());
        return List.of(
                new ChatRoutes(
                        support, pipeline, policy.signalNames(), tenantTools(), gatewayToolNames(), model, clock),
                new ResponsesRoutes(
                        support,
                        pipeline,
                        policy.signalNames(),
                        tenantTools(),
                        gatewayToolNames(),
                        responses,
                        model,
                        clock),
                new ModelsRoutes(support, model, pipeline.providerName(), clock),
                new EmbeddingsRoutes(support, pipeline, clock));
    }

    /** Each tenant's tool ceiling and the gateway tools its requests are offered by default. */
    private TenantTools tenantTools() {
        return new TenantTools() {
            @Override
            public List<String> of(String tenant) {
                return config.tenant(tenant).tools();
            }

            @Override
            public List<String> defaults(String tenant) {
                return config.tenant(tenant).defaultTools();
            }
        };
    }

    /** The gateway's own tools by allowlist and function name. */
    private GatewayToolNames gatewayToolNames() {
        Map<String, String> names = new java.util.HashMap<>();
        for (String a : tools.allowlistNames()) {
            names.put(a, a);
            tools.definition(a).ifPresent(d -> names.put(d.name(), a));
        }
        return new GatewayToolNames(names);
    }

    private RouteSupport routeSupport() {
        return RouteSupport.create(access, audit, metrics::appendAudit);
    }

    /** The governed pipeline every chat request goes through. */
    public GovernedPipeline pipeline() {
        return pipeline;
    }

    /**
     * The canonical tools with the configured timeouts. The browser's fetch timeout and the sandbox's
     * wall time end {@link #SELF_STOP_MARGIN} (at most a fifth of the timeout) before the gate's
     * timeout, so those tools stop themselves and report what happened before the gate gives up.
     */
    static ToolRegistry toolRegistry(LukhasConfig.Tools timeouts, HelixMemory helix, SchedulerTool scheduler) {
        return ToolRegistry.builder()
                .executor(
                        CanonicalTool.RETRIEVAL,
                        RetrievalTool.over(DnaKnowledgeSearch.over(helix)),
                        limits(CanonicalTool.RETRIEVAL, timeouts.retrieval()))
                .executor(CanonicalTool.SCHEDULER, scheduler, limits(CanonicalTool.SCHEDULER, timeouts.scheduler()))
                .executor(
                        CanonicalTool.BROWSER,
                        BrowserTool.create(BrowserPolicy.defaults().withTimeout(selfStop(timeouts.browser()))),
                        limits(CanonicalTool.BROWSER, timeouts.browser()))
                .executor(
                        CanonicalTool.CODE_EXEC,
                        DeferredExecutor.start(
                                "lukhas-sandbox-probe",
                                () -> CodeExecTool.probe(
                                        SandboxLimits.DEFAULT.withWallTime(selfStop(timeouts.codeExec())))),
                        limits(CanonicalTool.CODE_EXEC, timeouts.codeExec()))
                .build();
    }

    /** How much earlier than the gate a tool with its own time limit stops itself. */
    static final Duration SELF_STOP_MARGIN = Duration.ofSeconds(1);

    private static Duration selfStop(LukhasConfig.ToolSettings tool) {
        Duration margin = SELF_STOP_MARGIN.compareTo(tool.timeout().dividedBy(5)) < 0
                ? SELF_STOP_MARGIN
                : tool.timeout().dividedBy(5);
        return tool.timeout().minus(margin);
    }

    private static ExecutionLimits limits(CanonicalTool tool, LukhasConfig.ToolSettings settings) {
        return tool.defaultLimits().withTimeout(settings.timeout());
    }

    private static LlmProvider provider(LukhasConfig.Upstream upstream) {
        return upstream.baseUrl()
                .map(url -> {
                    OpenAiCompatibleConfig.Builder b = OpenAiCompatibleConfig.builder(URI.create(url))
                            .requestTimeout(Duration.ofMillis(upstream.timeoutMs()))
                            .api(upstream.wire())
                            .transport(upstream.client());
                    if (!upstream.apiKey().isBlank()) {
                        b.apiKey(upstream.apiKey());
                    }
                    return LlmProvider.openAiCompatible(b.build());
                })
                .orElseGet(LlmProvider::offline);
    }

    /** The audit log's settings from the {@code audit} section: durability, damage policy, checkpoints, witnesses. */
    static AuditLogConfig auditConfig(LukhasConfig config, Path auditDir) {
        LukhasConfig.Audit a = config.audit();
        CheckpointConfig checkpoints = CheckpointConfig.defaults(config.auditCheckpointKeyFile())
                .withEveryRecords(a.checkpointEveryRecords())
                .withInterval(Duration.ofSeconds(a.checkpointEverySeconds()));
        if (!a.witnessDir().isBlank()) {
            checkpoints = checkpoints.withWitness(CheckpointWitness.directory(Path.of(a.witnessDir())));
        }
        if (!a.witnessUrl().isBlank()) {
            checkpoints =
                    checkpoints.withWitness(CheckpointWitness.http(URI.create(a.witnessUrl()), Duration.ofSeconds(10)));
        }
        return AuditLogConfig.defaults(auditDir)
                .withDurability(Durability.parse(a.durability()))
                .withOnDamage(DamagePolicy.parse(a.onDamage()))
                .withCheckpoints(checkpoints);
    }

    /** A recovery record written at start-up is also an incident (critical when it declares damage). */
    private static void recordRecovery(AuditLog audit, IncidentLog incidents) {
        StartupReport r = audit.startupReport();
        r.recovery().ifPresent(receipt -> {
            String detail = r.damageAccepted()
                    ? "audit log damage accepted at start-up (on_damage: record): " + r.damage()
                    : "audit log repaired at start-up: " + r.quarantined().size() + " torn tail(s) quarantined, index "
                            + r.index().name().toLowerCase(java.util.Locale.ROOT);
            incidents.record(IncidentReport.auditRecovery(receipt.auditId(), r.damageAccepted(), detail));
        });
    }

    private static void createDirectory(Path dir, String key) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(key + ": cannot create directory " + dir + ": " + e.getMessage(), e);
        }
    }

    public LukhasConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public DataDirectory dataDirectory() {
        return data;
    }

    public Path auditDirectory() {
        return audit.directory();
    }

    public Database database() {
        return database;
    }

    public ApiKeyStore keys() {
        return keys;
    }

    public AccessControl access() {
        return access;
    }

    public FlagService flags() {
        return flags;
    }

    public ModulationPolicy policy() {
        return policy;
    }

    public Modulator modulator() {
        return modulator;
    }

    public PiiScanner pii() {
        return pii;
    }

    public FeedbackService feedback() {
        return feedback;
    }

    public SchedulerTool scheduler() {
        return scheduler;
    }

    public ToolRegistry tools() {
        return tools;
    }

    public ToolGate toolGate() {
        return toolGate;
    }

    public Moderator moderator() {
        return moderator;
    }

    public IncidentLog incidents() {
        return incidents;
    }

    public Guardian guardian() {
        return guardian;
    }

    public AuditLog audit() {
        return audit;
    }

    public HelixMemory helix() {
        return helix;
    }

    public Colony colony() {
        return colony;
    }

    public LlmProvider provider() {
        return provider;
    }

    /** Escalation holds and the modulation that applies them (shared by the guardian and the session store). */
    public Escalation escalation() {
        return escalation;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    /** The dashboard overview's counters (requests, added latency, incidents, blocked tools, provider errors). */
    public OverviewStats overview() {
        return overview;
    }

    /**
     * Closes in reverse order of opening: metrics, provider, audit log (writes what is queued and
     * fsyncs), tool gate, database. Stop the HTTP server first so no request is in flight.
     */
    @Override
    public void close() {
        closeAll(closeables);
    }

    private static void closeAll(Deque<AutoCloseable> opened) {
        while (!opened.isEmpty()) {
            AutoCloseable c = opened.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", c, e.toString());
            }
        }
    }
}
