package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.audit.AuditBundle;
import ai.lukhas.pwm.audit.AuditLog;
import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.feedback.FeedbackService;
import ai.lukhas.pwm.governance.incident.Escalation;
import ai.lukhas.pwm.governance.incident.EscalationSubject;
import ai.lukhas.pwm.governance.incident.Guardian;
import ai.lukhas.pwm.governance.moderation.Moderator;
import ai.lukhas.pwm.governance.tools.ToolGate;
import ai.lukhas.pwm.memory.colony.Colony;
import ai.lukhas.pwm.memory.colony.ConsensusMethod;
import ai.lukhas.pwm.memory.dna.HelixMemory;
import ai.lukhas.pwm.modulation.Modulator;
import ai.lukhas.pwm.pii.PiiScanner;
import ai.lukhas.pwm.provider.LlmProvider;
import ai.lukhas.pwm.provider.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The governed request pipeline: every request takes this path, in this order.
 *
 * <ol>
 *   <li>(authenticate — done by the caller; the request carries the authenticated {@link Caller})
 *   <li><b>moderate the input</b> (user messages; tool results the client ran are moderated as tool
 *       output) with the session's current preset. Flagged in strict mode: a polite refusal, no
 *       provider call. Flagged otherwise: incident, {@code alignment_risk = 1}, continue strict.
 *   <li><b>record the request's signals</b> in the session
 *   <li><b>modulate</b> the session with the user's feedback LUT as {@code StyleDeltas} (cached per
 *       user for a short TTL); client parameters may only tighten the result
 *   <li><b>offer tools</b>: tenant ceiling ∩ request allowlist ∩ modulated allowlist ∩ flags ∩
 *       available executors; the request's client tools pass the same stages
 *   <li><b>call the provider</b> with the modulated temperature, top_p, max tokens, reasoning
 *       effort, the prompt style's preamble and stop sequences, and the offered tools
 *   <li><b>tool loop</b>, at most {@code maxSteps} model calls: every call is checked by the
 *       {@link ToolGate} and run only if allowed (client-side tools are checked and returned to the
 *       client instead); every tool output is moderated; a violation records an incident, tightens
 *       the session, re-modulates and rebuilds the offer before the next model step
 *   <li><b>moderate the final output</b> (streams: the accumulated text before each chunk leaves)
 *   <li><b>memory proposals</b> (only when the request completed and memory is configured): the
 *       colony decides each; a decision to store is written to the helix only if its consensus
 *       strength is at least {@code 1 − memory_write} (memory_write is eagerness to remember, so
 *       tightening demands stronger consensus)
 *   <li><b>write the audit bundle</b>, durable before this class returns
 *   <li>return the {@link GovernedResult}
 * </ol>
 *
 * <pre>{@code
 * GovernedPipeline pipeline = GovernedPipeline.builder()
 *         .provider(LlmProvider.offline()).modulator(modulator).tools(gate)
 *         .moderator(moderator).guardian(guardian).audit(auditLog).clock(clock)
 *         .build();
 * GovernedResult r = pipeline.complete(request);
 * }</pre>
 *
 * <p>{@link #complete} and {@link #stream} run the same loop ({@code RequestDriver}) and differ only
 * in where the output goes: collected into the result, or released as moderated deltas. Every way
 * a request ends (completed, client tool calls, refused, content filtered, max steps, provider
 * error, client disconnect) is decided there, the same for both; see docs/pipeline.md, "Outcomes".
 *
 * <p>Thread-safe: one pipeline serves all requests; per-request state lives in each call.
 */
public final class GovernedPipeline {
    /** The default number of model calls per request. */
    public static final int DEFAULT_MAX_STEPS = 6;
    /** The default number of tool calls of one model message that are run; the rest are refused. */
    public static final int DEFAULT_MAX_TOOL_CALLS_PER_MESSAGE = 16;
    /** The default number of tool calls of one request that are run; the rest are refused. */
    public static final int DEFAULT_MAX_TOOL_CALLS_PER_REQUEST = 48;

    final LlmProvider provider;
    final Modulator modulator;
    final ToolGate tools;
    final Moderator moderator;
    final Guardian guardian;
    /** The guardian's: every modulation of a request's session goes through it, holds applied. */
    final Escalation escalation;

    final AuditLog audit;
    final Clock clock;
    final int maxSteps;
    final int maxToolCallsPerMessage;
    final int maxToolCallsPerRequest;
    final String defaultModel;
    final int streamWindow;
    final LutCache luts;
    final SessionStore sessions;
    final PipelineObserver observer;
    final Optional<MemoryStage> memory;

    private GovernedPipeline(Builder b) {
        this.provider = require(b.provider, "provider");
        this.modulator = require(b.modulator, "modulator");
        this.tools = require(b.tools, "tools");
        this.moderator = require(b.moderator, "moderator");
        this.guardian = require(b.guardian, "guardian");
        this.audit = require(b.audit, "audit");
        this.clock = require(b.clock, "clock");
        this.maxSteps = b.maxSteps;
        this.maxToolCallsPerMessage = b.maxToolCallsPerMessage;
        this.maxToolCallsPerRequest = b.maxToolCallsPerRequest;
        this.defaultModel = b.defaultModel;
        this.streamWindow = b.streamWindow;
        this.luts = new LutCache(b.feedback, clock, b.lutTtl, 100_000);
        this.memory = b.memory;
        this.escalation = guardian.escalation();
        if (escalation.modulator() != modulator) {
            throw new IllegalStateException("the guardian must tighten the pipeline's modulator: build it with"
                    + " Guardian.create(incidents, Escalation.create(modulator, ...)) over the same Modulator");
        }
        this.sessions = b.sessions != null ? b.sessions : SessionStore.inMemory(escalation, clock, 100_000);
        this.observer = new SafeObserver(b.observer);
    }

    /** A bounded label for a provider failure: {@code http_<status>}, {@code transport} or {@code rejected}. */
    static String errorType(ProviderException e) {
        if (e.status().isPresent()) {
            return "http_" + e.status().getAsInt();
        }
        return e.retriable() ? "transport" : "rejected";
    }

    /**
     * How every request ends, plain, streamed or embeddings: its audit bundle (with the outcome) is
     * appended, the append timed for the observer, and the session store told the request ended.
     */
    void recordEnd(AuditBundle.Builder bundle, Outcome outcome, EscalationSubject subject, int incidents) {
        AuditBundle built = bundle.outcome(outcome.wireName())
                .handOver() // the parts were built for this bundle and are not changed after
                .build();
        long appendStart = System.nanoTime();
        audit.append(built);
        observer.auditAppended(Duration.ofNanos(System.nanoTime() - appendStart));
        sessions.requestEnded(subject, incidents);
    }

    private static <T> T require(T value, String name) {
        if (value == null) {
            throw new IllegalStateException(name + " is required: call builder()." + name + "(...) before build()");
        }
        return value;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The session store the pipeline reports to (signals, mode, incidents, last activity). */
    public SessionStore sessions() {
        return sessions;
    }

    /** The provider's name, for logs and headers. */
    public String providerName() {
        return provider.name();
    }

    /** The pass-through request fields the provider's upstream wire cannot carry (see {@link LlmProvider#unsupportedFields()}). */
    public java.util.Set<String> unsupportedFields() {
        return provider.unsupportedFields();
    }

    /**
     * Runs one request through every stage and returns once its audit bundle is durable.
     *
     * @throws ai.lukhas.pwm.audit.AuditStoreException when the bundle could not be stored: the
     *     request must then not be acknowledged
     * @throws IllegalArgumentException when a client tool's schema is invalid or its name is taken
     */
    public GovernedResult complete(GovernedRequest request) {
        Objects.requireNonNull(request, "request");
        return new RequestDriver(this, new Run(this, request), CollectSink.INSTANCE).drive();
    }

    /**
     * Starts a governed stream. Input moderation, signals, modulation and the tool offer run when the
     * first delta is pulled; see {@link GovernedStream} for what is released and when.
     */
    public GovernedStream stream(GovernedRequest request) {
        Objects.requireNonNull(request, "request");
        Run run = new Run(this, request);
        StreamSink sink = new StreamSink(
                ReleasePolicy.pendingFindings(PiiScanner.standard(), run.pendingPhrases(streamWindow), streamWindow));
        return new StreamingRun(new RequestDriver(this, run, sink), sink);
    }

    /**
     * Runs one embeddings request: input moderation (flagged input is an incident and is refused
     * without calling the provider), the provider's embeddings, the audit bundle. Returns once the
     * bundle is durable.
     *
     * @param sessionId the session whose safety mode picks the moderation preset and takes the incident
     */
    public GovernedEmbedding embed(
            Caller caller, String sessionId, String userId, ai.lukhas.pwm.provider.EmbeddingRequest request) {
        Objects.requireNonNull(caller, "caller");
        ai.lukhas.pwm.check.Checks.notBlank(sessionId, "sessionId");
        ai.lukhas.pwm.check.Checks.notBlank(userId, "userId");
        Objects.requireNonNull(request, "request");
        return new EmbeddingRun(this).run(caller, sessionId, userId, request);
    }

    /**
     * Collaborators and settings. Required: provider, modulator, tools, moderator, guardian, audit,
     * clock.
     */
    public static final class Builder {
        private LlmProvider provider;
        private Modulator modulator;
        private ToolGate tools;
        private Moderator moderator;
        private Guardian guardian;
        private AuditLog audit;
        private Clock clock;
        private Optional<FeedbackService> feedback = Optional.empty();
        private SessionStore sessions;
        private int maxSteps = DEFAULT_MAX_STEPS;
        private int maxToolCallsPerMessage = DEFAULT_MAX_TOOL_CALLS_PER_MESSAGE;
        private int maxToolCallsPerRequest = DEFAULT_MAX_TOOL_CALLS_PER_REQUEST;
        private String defaultModel = "lukhas-default";
        private int streamWindow = 64;
        private Duration lutTtl = Duration.ofSeconds(5);
        private PipelineObserver observer = PipelineObserver.NONE;
        private Optional<MemoryStage> memory = Optional.empty();

        private Builder() {}

        public Builder provider(LlmProvider v) {
            this.provider = Objects.requireNonNull(v, "provider");
            return this;
        }

        public Builder modulator(Modulator v) {
            this.modulator = Objects.requireNonNull(v, "modulator");
            return this;
        }

        public Builder tools(ToolGate v) {
            this.tools = Objects.requireNonNull(v, "tools");
            return this;
        }

        public Builder moderator(Moderator v) {
            this.moderator = Objects.requireNonNull(v, "moderator");
            return this;
        }

        public Builder guardian(Guardian v) {
            this.guardian = Objects.requireNonNull(v, "guardian");
            return this;
        }

        public Builder audit(AuditLog v) {
            this.audit = Objects.requireNonNull(v, "audit");
            return this;
        }

        public Builder clock(Clock v) {
            this.clock = Objects.requireNonNull(v, "clock");
            return this;
        }

        /** Feedback LUTs as style deltas; without it the deltas are zero. */
        public Builder feedback(FeedbackService v) {
            this.feedback = Optional.of(Objects.requireNonNull(v, "feedback"));
            return this;
        }

        /**
         * Defaults to {@code SessionStore.inMemory(guardian.escalation(), clock, 100_000)}; a store given here
         * must modulate through the same escalation (holds) as the guardian.
         */
        public Builder sessions(SessionStore v) {
            this.sessions = Objects.requireNonNull(v, "sessions");
            return this;
        }

        /** Model calls per request, 1..32 (default 6). */
        public Builder maxSteps(int v) {
            Checks.inRange(v, 1, 32, "maxSteps");
            this.maxSteps = v;
            return this;
        }

        /**
         * Tool calls of one model message that are run, 1..256 (default 16); calls beyond it are
         * refused unrun, audited and reported to the model.
         */
        public Builder maxToolCallsPerMessage(int v) {
            Checks.inRange(v, 1, 256, "maxToolCallsPerMessage");
            this.maxToolCallsPerMessage = v;
            return this;
        }

        /**
         * Tool calls of one request (all its model steps) that are run, 1..1024 (default 48); calls
         * beyond it are refused unrun, audited and reported to the model.
         */
        public Builder maxToolCallsPerRequest(int v) {
            Checks.inRange(v, 1, 1024, "maxToolCallsPerRequest");
            this.maxToolCallsPerRequest = v;
            return this;
        }

        /** The model asked for when a request names none. */
        public Builder defaultModel(String v) {
            this.defaultModel = Checks.notBlank(v, "defaultModel");
            return this;
        }

        /**
         * At most how many characters of an open sentence a stream holds back so that a moderation
         * phrase split across chunks is judged whole (default 64); detector findings are held
         * however long (see {@code ReleasePolicy.PendingFindings}).
         */
        public Builder streamWindow(int v) {
            Checks.inRange(v, 0, 4096, "streamWindow");
            this.streamWindow = v;
            return this;
        }

        /** How long a user's LUT is reused before it is read again (default 5 s, at most 5 min). */
        public Builder lutTtl(Duration v) {
            Objects.requireNonNull(v, "lutTtl");
            if (v.isNegative() || v.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("lutTtl must be in [0, 5 min], but was " + v);
            }
            this.lutTtl = v;
            return this;
        }

        /** Hears provider calls, tool runs, tightenings and request ends (default: none). */
        public Builder observer(PipelineObserver v) {
            this.observer = Objects.requireNonNull(v, "observer");
            return this;
        }

        /**
         * Memory proposals are decided by {@code colony} with {@code method} and written to {@code
         * helix}; without this, every proposal's outcome is {@code not_attempted}.
         */
        public Builder memory(HelixMemory helix, Colony colony, ConsensusMethod method) {
            this.memory = Optional.of(new MemoryStage(helix, colony, method));
            return this;
        }

        public GovernedPipeline build() {
            return new GovernedPipeline(this);
        }
    }
}
