package ai.lukhas.pwm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.audit.Durability;
import ai.lukhas.pwm.audit.VerificationReport;
import ai.lukhas.pwm.governance.incident.EscalationSubject;
import ai.lukhas.pwm.governance.incident.IncidentKind;
import ai.lukhas.pwm.governance.moderation.ContentKind;
import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.modulation.SafetyMode;
import ai.lukhas.pwm.modulation.SessionKey;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.provider.ChatRequest;
import ai.lukhas.pwm.provider.FinishReason;
import ai.lukhas.pwm.provider.FunctionDefinition;
import ai.lukhas.pwm.provider.LlmProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per ordering decision of {@link GovernedPipeline}, with the offline provider. */
class GovernedPipelineOrderTest {
    @TempDir
    Path dir;

    private PipelineFixture offline() {
        return new PipelineFixture(dir, c -> LlmProvider.offline());
    }

    private static List<String> toolNames(ChatRequest r) {
        return r.tools().stream().map(FunctionDefinition::name).toList();
    }

    @Test
    void inputIsModeratedBeforeTheProviderIsCalledAndTheFinalOutputAfter() {
        try (PipelineFixture f = offline()) {
            GovernedResult r = f.complete("s-1", "say: hello there");

            assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(r.response().message().content()).contains("[lukhas-offline] hello there");
            assertThat(f.events).containsExactly("moderate:user_input", "provider", "moderate:final_output");
        }
    }

    @Test
    void everyToolOutputIsModeratedBeforeTheModelSeesIt() {
        try (PipelineFixture f = offline()) {
            GovernedResult r = f.complete("s-1", "call retrieve_knowledge with query=tides");

            assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(f.events)
                    .containsExactly(
                            "moderate:user_input",
                            "provider",
                            "execute:retrieval",
                            "moderate:tool_output",
                            "provider",
                            "moderate:final_output");
            assertThat(r.response().message().content().orElseThrow()).contains("Tides follow the moon");
        }
    }

    @Test
    void flaggedInputInStrictModeIsRefusedWithoutCallingTheProvider() {
        try (PipelineFixture f = offline()) {
            f.modulator.record(PipelineFixture.key("s-1"), SignalInput.of("alignment_risk", 1.0, "test"));

            GovernedResult r = f.complete("s-1", "I want to kill myself tonight");

            assertThat(r.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(r.response().message().content()).contains(Run.REFUSAL);
            assertThat(f.events).containsExactly("moderate:user_input");
            assertThat(r.incidents()).extracting(i -> i.kind()).containsExactly(IncidentKind.FLAGGED_INPUT);
            JsonNode b = f.bundle(r.auditId());
            assertThat(b.get("outcome").asText()).isEqualTo("refused");
            assertThat(b.at("/moderation/verdicts/0/result").asText()).isEqualTo("flagged");
        }
    }

    @Test
    void flaggedInputInBalancedModeTightensAndContinuesStrict() {
        try (PipelineFixture f = offline()) {
            GovernedResult r = f.complete("s-1", "I want to kill myself tonight");

            // The offline provider echoes the input, so the answer is flagged too: both are incidents.
            assertThat(r.outcome()).isEqualTo(Outcome.CONTENT_FILTERED);
            assertThat(r.safetyMode()).isEqualTo(SafetyMode.STRICT);
            assertThat(r.incidents())
                    .extracting(i -> i.kind())
                    .containsExactly(IncidentKind.FLAGGED_INPUT, IncidentKind.FLAGGED_OUTPUT);
            assertThat(f.events).startsWith("moderate:user_input", "provider");
            ChatRequest sent = f.providerRequests.getFirst();
            assertThat(toolNames(sent)).containsExactly("retrieve_knowledge");
            assertThat(sent.temperature().getAsDouble()).isLessThanOrEqualTo(0.15 + 1e-9);
            assertThat(sent.stopSequences()).contains("\nUnsafe:");
        }
    }

    @Test
    void anIncidentInTheToolLoopMakesTheNextProviderRequestStrictWithTheRebuiltToolList() {
        try (PipelineFixture f = offline()) {
            GovernedResult r = f.pipeline.complete(
                    PipelineFixture.request(
                            "s-1",
                            "call exec_code with language=bash, source=ls and call schedule_task with when=tomorrow, note=tea"));

            assertThat(f.providerRequests).hasSize(2);
            ChatRequest first = f.providerRequests.get(0);
            ChatRequest second = f.providerRequests.get(1);
            assertThat(toolNames(first)).containsExactly("retrieve_knowledge", "schedule_task");
            assertThat(toolNames(second)).containsExactly("retrieve_knowledge");
            assertThat(first.preamble()).isNotEqualTo(second.preamble());
            assertThat(second.temperature().getAsDouble())
                    .isLessThan(first.temperature().getAsDouble());
            // exec_code was never offered: blocked. The offer is rebuilt (strict) at once, so the
            // schedule_task call after it in the same answer is checked against it and blocked too
            // (issue #15 item 8): nothing runs.
            assertThat(f.executed).isEmpty();
            assertThat(r.incidents())
                    .extracting(i -> i.kind())
                    .containsExactly(IncidentKind.BLOCKED_TOOL, IncidentKind.BLOCKED_TOOL);
            assertThat(r.safetyMode()).isEqualTo(SafetyMode.STRICT);
            JsonNode b = f.bundle(r.auditId());
            assertThat(b.at("/tools_offered/offers")).hasSize(2);
            assertThat(b.at("/tools_offered/offers/1/reason").asText()).isEqualTo("tightened");
            assertThat(b.at("/tool_calls/calls/0/status").asText()).isEqualTo("blocked");
        }
    }

    @Test
    void clientParametersOnlyTightenAndTheAuditSaysSo() {
        try (PipelineFixture f = offline()) {
            GovernedResult high = f.pipeline.complete(PipelineFixture.request("s-1", "say: a").toBuilder()
                    .params(new ClientParams(Optional.of(1.9), Optional.of(0.05), Optional.of(100_000)))
                    .build());
            ChatRequest sent = f.providerRequests.getFirst();
            double modulated =
                    f.modulator.modulate(PipelineFixture.key("s-1")).params().temperature();

            assertThat(sent.temperature().getAsDouble()).isEqualTo(modulated);
            assertThat(sent.topP().getAsDouble()).isEqualTo(0.05);
            assertThat(sent.maxOutputTokens().getAsInt())
                    .isEqualTo(f.modulator
                            .modulate(PipelineFixture.key("s-1"))
                            .params()
                            .maxOutputTokens());
            assertThat(high.params().temperature()).isEqualTo(modulated);
            JsonNode notes = f.bundle(high.auditId()).at("/modulation/results/0/effective/client_tightening");
            assertThat(notes.toString())
                    .contains("temperature: client asked 1.9, lowered to the modulated")
                    .contains("top_p: client's 0.05 kept")
                    .contains("max_tokens: client asked 100000, lowered");
        }
    }

    @Test
    void theAuditBundleIsDurableBeforeCompleteReturns() throws IOException {
        try (PipelineFixture f = new PipelineFixture(
                dir, c -> LlmProvider.offline(), ModerationProvider.local(), Durability.FSYNC, (c, b) -> b)) {
            GovernedResult r = f.complete("s-1", "say: durable");

            // Read the files directly (not through the log that wrote them): the bundle is on disk.
            VerificationReport report = f.verify();
            assertThat(report.intact()).isTrue();
            assertThat(report.recordsVerified()).isEqualTo(1);
            try (Stream<Path> files = Files.list(f.auditDir)) {
                String segments = files.filter(p -> p.getFileName().toString().endsWith(".jsonl"))
                        .map(p -> {
                            try {
                                return Files.readString(p);
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        })
                        .reduce("", String::concat);
                assertThat(segments).contains(r.auditId());
            }
        }
    }

    @Test
    void aFlaggedFinalOutputIsWithheldWithContentFilterAndTightens() {
        try (PipelineFixture f = new PipelineFixture(
                dir,
                c -> LlmProvider.offline(),
                new MarkerModeration("BLOCKME", Set.of(ContentKind.FINAL_OUTPUT)),
                Durability.OS,
                (c, b) -> b)) {
            GovernedResult r = f.complete("s-1", "say: BLOCKME now");

            assertThat(r.outcome()).isEqualTo(Outcome.CONTENT_FILTERED);
            assertThat(r.response().finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
            assertThat(r.response().message().content().orElse("")).doesNotContain("BLOCKME");
            assertThat(r.incidents()).extracting(i -> i.kind()).containsExactly(IncidentKind.FLAGGED_OUTPUT);
            assertThat(f.pipeline
                            .sessions()
                            .snapshot(SessionKey.of("acme", "s-1"))
                            .orElseThrow()
                            .safetyMode())
                    .isEqualTo(SafetyMode.STRICT);
            assertThat(f.bundle(r.auditId()).get("outcome").asText()).isEqualTo("content_filtered");
        }
    }

    @Test
    void theToolLoopStopsAfterMaxStepsWithoutRunningTheLastCalls() {
        try (PipelineFixture f = new PipelineFixture(
                dir, c -> LlmProvider.offline(), ModerationProvider.local(), Durability.OS, (c, b) -> b.maxSteps(1))) {
            GovernedResult r = f.complete("s-1", "call retrieve_knowledge with query=tides");

            assertThat(r.outcome()).isEqualTo(Outcome.MAX_STEPS);
            assertThat(f.executed).isEmpty();
            assertThat(f.providerRequests).hasSize(1);
            assertThat(f.bundle(r.auditId()).at("/request/unrun_tool_calls").asInt())
                    .isEqualTo(1);
        }
    }

    @Test
    void clientToolCallsAreCheckedAndReturnedNotExecuted() {
        ObjectNode schema = new ObjectMapper().createObjectNode();
        schema.put("type", "object");
        schema.putObject("properties").putObject("colour").put("type", "string");
        schema.putArray("required").add("colour");
        schema.put("additionalProperties", false);
        FunctionDefinition pick = new FunctionDefinition("pick_colour", "Pick a colour.", schema);
        Caller caller = new Caller("acme", "key-1", List.of("retrieval", "pick_colour"));
        try (PipelineFixture f = offline()) {
            GovernedRequest base = PipelineFixture.request("s-1", "call pick_colour with colour=red");
            GovernedRequest req =
                    base.toBuilder().caller(caller).clientTools(List.of(pick)).build();

            GovernedResult r = f.pipeline.complete(req);

            assertThat(r.outcome()).isEqualTo(Outcome.CLIENT_TOOL_CALLS);
            assertThat(r.response().finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
            assertThat(r.response().message().toolCalls()).singleElement().satisfies(c -> assertThat(c.arguments())
                    .contains("red"));
            assertThat(toolNames(f.providerRequests.getFirst())).containsExactly("retrieve_knowledge", "pick_colour");
            assertThat(f.executed).isEmpty();

            // Invalid arguments for a client tool are blocked like any other call.
            GovernedResult bad = f.pipeline.complete(
                    PipelineFixture.request("s-2", "call pick_colour with {\"colour\": 7}").toBuilder()
                            .caller(caller)
                            .clientTools(List.of(pick))
                            .build());
            assertThat(bad.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(bad.incidents()).extracting(i -> i.kind()).containsExactly(IncidentKind.INVALID_ARGUMENTS);
            // Strict mode withdraws client tools: the policy's tool_allowlist cannot name them.
            assertThat(toolNames(f.providerRequests.getLast())).containsExactly("retrieve_knowledge");
        }
    }

    @Test
    void theSessionStoreReportsModeSignalsIncidentsAndActivity() {
        try (PipelineFixture f = offline()) {
            assertThat(f.pipeline.sessions().snapshot(SessionKey.of("acme", "s-1")))
                    .isEmpty();
            f.complete("s-1", "call delete_everything with path=/");

            SessionSnapshot s =
                    f.pipeline.sessions().snapshot(SessionKey.of("acme", "s-1")).orElseThrow();
            assertThat(s.safetyMode()).isEqualTo(SafetyMode.STRICT);
            assertThat(s.incidentCount()).isEqualTo(1);
            assertThat(s.holds()).extracting(h -> h.scope().wireName()).contains("session");
            assertThat(s.lastActivity()).isEqualTo(PipelineFixture.T0);
        }
    }

    @Test
    void theSessionStoreIsBounded() {
        try (PipelineFixture f = offline()) {
            SessionStore store = SessionStore.inMemory(f.guardian.escalation(), f.clock, 2);
            store.requestEnded(subject("a"), 0);
            store.requestEnded(subject("b"), 1);
            store.requestEnded(subject("c"), 0);
            assertThat(store.size()).isEqualTo(2);
            assertThat(store.snapshot(SessionKey.of("acme", "a"))).isEmpty();
            assertThat(store.snapshot(SessionKey.of("acme", "b"))).isPresent();
        }
    }

    private static EscalationSubject subject(String session) {
        return new EscalationSubject(SessionKey.of("acme", session), Optional.of("u-1"), "key-1");
    }
}
