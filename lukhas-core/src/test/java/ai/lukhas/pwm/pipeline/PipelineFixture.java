package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.audit.AuditLog;
import ai.lukhas.pwm.audit.AuditLogConfig;
import ai.lukhas.pwm.audit.AuditRedactor;
import ai.lukhas.pwm.audit.AuditVerifier;
import ai.lukhas.pwm.audit.Durability;
import ai.lukhas.pwm.audit.VerificationReport;
import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.governance.incident.Escalation;
import ai.lukhas.pwm.governance.incident.Guardian;
import ai.lukhas.pwm.governance.incident.IncidentLog;
import ai.lukhas.pwm.governance.incident.IncidentStore;
import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.governance.moderation.ModerationVerdict;
import ai.lukhas.pwm.governance.moderation.Moderator;
import ai.lukhas.pwm.governance.tools.CanonicalTool;
import ai.lukhas.pwm.governance.tools.ToolExecutor;
import ai.lukhas.pwm.governance.tools.ToolGate;
import ai.lukhas.pwm.governance.tools.ToolOutcome;
import ai.lukhas.pwm.governance.tools.ToolRegistry;
import ai.lukhas.pwm.modulation.ModulationPolicy;
import ai.lukhas.pwm.modulation.Modulator;
import ai.lukhas.pwm.modulation.SessionKey;
import ai.lukhas.pwm.provider.ChatDelta;
import ai.lukhas.pwm.provider.ChatMessage;
import ai.lukhas.pwm.provider.ChatRequest;
import ai.lukhas.pwm.provider.ChatResponse;
import ai.lukhas.pwm.provider.ChatStream;
import ai.lukhas.pwm.provider.LlmProvider;
import ai.lukhas.pwm.provider.UserMessage;
import ai.lukhas.pwm.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Every real component of the pipeline, wired as an application would, over a temporary directory.
 * Only the tool executors are test doubles: they record what reached them. {@link #events} is one
 * ordered log of moderation calls ("moderate:user_input", ...) and provider calls ("provider"), so
 * tests can assert the order of stages.
 */
final class PipelineFixture implements AutoCloseable {
    /** A tool output starting with this makes its executor fail with the rest as the error message. */
    static final String FAIL = "FAIL:";

    static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");
    static final Caller CALLER = new Caller("acme", "key-1", List.of("retrieval", "browser", "scheduler", "code_exec"));

    final MutableClock clock = new MutableClock(T0);
    final Modulator modulator;
    final IncidentLog incidents = IncidentLog.create(IncidentStore.inMemory(), clock);
    final Guardian guardian;
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<String> executed = new CopyOnWriteArrayList<>();
    final List<String> finalTexts = new CopyOnWriteArrayList<>();
    final Map<String, String> toolOutputs = new ConcurrentHashMap<>();
    final List<ChatRequest> providerRequests = new CopyOnWriteArrayList<>();
    final Path auditDir;
    final AuditLog audit;
    final ToolGate gate;
    final LlmProvider provider;
    final GovernedPipeline pipeline;

    PipelineFixture(Path dir, Function<MutableClock, LlmProvider> provider) {
        this(dir, provider, ModerationProvider.local(), Durability.OS, (c, b) -> b);
    }

    PipelineFixture(
            Path dir,
            Function<MutableClock, LlmProvider> provider,
            ModerationProvider moderation,
            Durability durability,
            BiFunction<MutableClock, GovernedPipeline.Builder, GovernedPipeline.Builder> customize) {
        this(dir, ModulationPolicy.loadDefault(), provider, moderation, durability, customize);
    }

    /**
     * A fixture whose model plays {@code b}, moderated by {@code moderation} through the moderator a server
     * builds (the constructors' fixtures record every check through a wrapper; this one has the provider as
     * it is, so a stream's checks keep their work as they do in a server).
     */
    static PipelineFixture scriptedAsServed(
            Path dir, ModerationCoverageProperties.Behaviour b, ModerationProvider moderation) {
        return new PipelineFixture(
                dir,
                c -> new ModerationCoverageProperties.ScriptedModel(b),
                moderation,
                Durability.OS,
                (c, x) -> x.moderator(Moderator.create(moderation)));
    }

    /** As above, with {@code policy} instead of the default one (e.g. from {@code ModulationPolicy.parse}). */
    PipelineFixture(
            Path dir,
            ModulationPolicy policy,
            Function<MutableClock, LlmProvider> provider,
            ModerationProvider moderation,
            Durability durability,
            BiFunction<MutableClock, GovernedPipeline.Builder, GovernedPipeline.Builder> customize) {
        this.modulator = Modulator.create(policy, clock, Flags.fixed(Map.of()));
        this.guardian = Guardian.create(incidents, Escalation.inMemory(modulator, clock));
        this.auditDir = dir.resolve("audit");
        this.audit = AuditLog.open(
                AuditLogConfig.defaults(auditDir).withDurability(durability), AuditRedactor.standard(), clock);
        toolOutputs.put("retrieval", "[{\"id\":\"n1\",\"title\":\"Tides\",\"text\":\"Tides follow the moon.\"}]");
        toolOutputs.put("scheduler", "scheduled");
        toolOutputs.put("browser", "page text");
        toolOutputs.put("code_exec", "ran");
        ToolRegistry registry = ToolRegistry.builder()
                .executor(CanonicalTool.RETRIEVAL, recording("retrieval"))
                .executor(CanonicalTool.BROWSER, recording("browser"))
                .executor(CanonicalTool.SCHEDULER, recording("scheduler"))
                .executor(CanonicalTool.CODE_EXEC, recording("code_exec"))
                .build();
        this.gate = ToolGate.create(registry, Flags.fixed(Map.of()));
        this.provider = new RecordingProvider(provider.apply(clock));
        ModerationProvider recordingModeration = new ModerationProvider() {
            @Override
            public ModerationVerdict moderate(ai.lukhas.pwm.governance.moderation.ModerationRequest request)
                    throws ai.lukhas.pwm.governance.moderation.ModerationProviderException {
                events.add("moderate:" + request.kind().wireName());
                if (request.kind() == ai.lukhas.pwm.governance.moderation.ContentKind.FINAL_OUTPUT) {
                    finalTexts.add(request.text());
                }
                return moderation.moderate(request);
            }

            // the stream release rule holds back what the recorded provider's own phrases could complete
            @Override
            public java.util.Optional<List<java.util.regex.Pattern>> phrasePatterns() {
                return moderation.phrasePatterns();
            }
        };
        this.pipeline = customize
                .apply(
                        clock,
                        GovernedPipeline.builder()
                                .provider(this.provider)
                                .modulator(modulator)
                                .tools(gate)
                                .moderator(Moderator.create(recordingModeration))
                                .guardian(guardian)
                                .audit(audit)
                                .clock(clock)
                                .defaultModel("gpt-4o-mini"))
                .build();
    }

    private ToolExecutor recording(String name) {
        return (arguments, context) -> {
            executed.add(name + " " + arguments);
            events.add("execute:" + name);
            String out = toolOutputs.get(name);
            return out.startsWith(FAIL)
                    ? new ToolOutcome.Error(out.substring(FAIL.length()))
                    : new ToolOutcome.Output(out);
        };
    }

    /** Deletes {@code dir} and everything under it (for tests that make a directory per try). */
    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** Pulls a stream to its end. */
    static List<ChatDelta> drain(GovernedStream s) {
        List<ChatDelta> out = new java.util.ArrayList<>();
        for (java.util.Optional<ChatDelta> d = s.next(); d.isPresent(); d = s.next()) {
            out.add(d.get());
        }
        return out;
    }

    /** A stream drained: the text it released and the request's result. */
    record Drained(String released, GovernedResult result) {}

    /** Streams {@code req} to its end through {@code pipeline}. */
    static Drained stream(GovernedPipeline pipeline, GovernedRequest req) {
        try (GovernedStream s = pipeline.stream(req)) {
            String released = text(drain(s));
            return new Drained(released, s.result().orElseThrow());
        }
    }

    /** {@code req} in a session an alignment-risk signal of 1.0 makes strict. */
    static GovernedRequest strict(GovernedRequest req) {
        return req.toBuilder()
                .signals(List.of(ai.lukhas.pwm.modulation.SignalInput.of("alignment_risk", 1.0, "test")))
                .build();
    }

    /** The text of the {@code Content} deltas, in order. */
    static String text(List<ChatDelta> deltas) {
        StringBuilder sb = new StringBuilder();
        deltas.forEach(d -> {
            if (d instanceof ChatDelta.Content c) {
                sb.append(c.text());
            }
        });
        return sb.toString();
    }

    /** The session {@code session} of {@link #CALLER}'s tenant. */
    static SessionKey key(String session) {
        return SessionKey.of(CALLER.tenant(), session);
    }

    static GovernedRequest request(String session, String text) {
        return request(session, List.of(new UserMessage(text)));
    }

    static GovernedRequest request(String session, List<ChatMessage> messages) {
        return GovernedRequest.builder(CALLER, session, "u-1", messages).build();
    }

    /** The pipeline's answer to {@link #request(String, String)}. */
    GovernedResult complete(String session, String text) {
        return pipeline.complete(request(session, text));
    }

    /** The pipeline's answer to {@link #request(String, List)}. */
    GovernedResult complete(String session, List<ChatMessage> messages) {
        return pipeline.complete(request(session, messages));
    }

    /** The pipeline's stream for {@link #request(String, String)}. */
    GovernedStream stream(String session, String text) {
        return pipeline.stream(request(session, text));
    }

    /** How many characters the audit says left before the answer was blocked. */
    int releasedBeforeBlock(GovernedResult r) {
        return bundle(r.auditId()).at("/request/blocked_after_released_chars").asInt();
    }

    JsonNode bundle(String auditId) {
        return audit.find(auditId)
                .orElseThrow(() -> new AssertionError("no audit bundle " + auditId))
                .json();
    }

    VerificationReport verify() {
        return AuditVerifier.verify(auditDir);
    }

    long count(String event) {
        return events.stream().filter(event::equals).count();
    }

    @Override
    public void close() {
        audit.close();
        gate.close();
        provider.close();
    }

    /** Passes every call through and records it, in the shared event log. */
    final class RecordingProvider extends TestModels.Forwarding {
        RecordingProvider(LlmProvider delegate) {
            super(delegate);
        }

        @Override
        public ChatResponse complete(ChatRequest request) {
            events.add("provider");
            providerRequests.add(request);
            return delegate.complete(request);
        }

        @Override
        public ChatStream stream(ChatRequest request) {
            events.add("provider");
            providerRequests.add(request);
            return delegate.stream(request);
        }
    }
}
