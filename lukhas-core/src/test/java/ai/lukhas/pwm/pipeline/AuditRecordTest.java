package ai.lukhas.pwm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.audit.Durability;
import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.governance.tools.CanonicalTool;
import ai.lukhas.pwm.governance.tools.ToolGate;
import ai.lukhas.pwm.governance.tools.ToolOutcome;
import ai.lukhas.pwm.governance.tools.ToolRegistry;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.pipeline.RequestEndsTest.DeltaModel;
import ai.lukhas.pwm.provider.AssistantMessage;
import ai.lukhas.pwm.provider.FunctionCall;
import ai.lukhas.pwm.provider.ToolChoice;
import ai.lukhas.pwm.provider.UserMessage;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the audit bundle records about a request (docs/audit.md): the shape of what the client asked
 * for, never the values of its pass-through fields, and every tightening with the holds it put.
 * Written against PIT survivors of {@code Run.finish} and {@code Run.tighten} (docs/quality.md).
 */
class AuditRecordTest {
    @TempDir
    Path dir;

    private PipelineFixture fixture(DeltaModel model) {
        return new PipelineFixture(dir, x -> model);
    }

    @Test
    void theAuditRecordsWhatTheClientAskedForButOnlyTheNamesOfItsPassThroughFields() {
        DeltaModel model = new DeltaModel(List.of(RequestEndsTest.answer("answering-model", "Tides follow the moon.")));
        try (PipelineFixture f = fixture(model)) {
            ClientParams params = new ClientParams(Optional.of(0.1), Optional.of(0.5), Optional.of(50))
                    .withReasoningEffort(0.7)
                    .withStop(List.of("END"))
                    .withToolChoice(new ToolChoice.Function("client_fn"))
                    .withPassThrough(
                            Map.of("metadata", AuditJson.F.objectNode().put("note", "private-application-data")));
            GovernedRequest req = GovernedRequest.builder(
                            PipelineFixture.CALLER,
                            "s-1",
                            "u-1",
                            List.of(
                                    new UserMessage("What is the moon?"),
                                    AssistantMessage.text("A satellite."),
                                    new UserMessage("Tell me about tides")))
                    .model("asked-model")
                    .toolAllowlist(List.of("retrieval"))
                    .clientTools(List.of(GovernanceHardeningTest.clientFn()))
                    .params(params)
                    .build();

            GovernedResult r = f.pipeline.complete(req);

            assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
            JsonNode b = f.bundle(r.auditId());
            JsonNode request = b.get("request");
            assertThat(request.get("key_id").asText()).isEqualTo("key-1");
            assertThat(request.get("messages").asInt()).isEqualTo(3);
            assertThat(request.get("last_user_chars").asInt()).isEqualTo("Tell me about tides".length());
            // the model asked for is the request's; the bundle's model is the one that answered
            assertThat(request.get("model").asText()).isEqualTo("asked-model");
            assertThat(b.get("model").asText()).isEqualTo("answering-model");
            assertThat(texts(request.get("tool_allowlist"))).containsExactly("retrieval");
            assertThat(request.get("tool_allowlist_given").asBoolean()).isTrue();
            assertThat(texts(request.get("tenant_tool_ceiling")))
                    .containsExactlyElementsOf(PipelineFixture.CALLER.toolCeiling());
            assertThat(texts(request.get("client_tools"))).containsExactly("client_fn");
            JsonNode cp = request.get("client_params");
            assertThat(cp.get("temperature").asDouble()).isEqualTo(0.1);
            assertThat(cp.get("top_p").asDouble()).isEqualTo(0.5);
            assertThat(cp.get("max_tokens").asInt()).isEqualTo(50);
            assertThat(cp.get("reasoning_effort").asDouble()).isEqualTo(0.7);
            assertThat(texts(cp.get("stop"))).containsExactly("END");
            assertThat(cp.get("tool_choice").asText()).isEqualTo("function:client_fn");
            assertThat(texts(cp.get("pass_through"))).containsExactly("metadata");
            assertThat(b.toString()).doesNotContain("private-application-data");
            assertThat(request.get("steps").asInt()).isEqualTo(1);
            assertThat(request.get("max_steps").asInt()).isEqualTo(f.pipeline.maxSteps);
            assertThat(b.at("/usage/prompt_tokens").asInt()).isEqualTo(3);
            assertThat(b.at("/usage/completion_tokens").asInt()).isEqualTo(4);
            assertThat(b.at("/usage/total_tokens").asInt()).isEqualTo(7);
        }
    }

    @Test
    void aRequestThatAskedForNothingSpecialIsAuditedWithoutClientParamsOrAnAllowlist() {
        try (PipelineFixture f = fixture(new DeltaModel(List.of()))) {
            GovernedResult r = f.complete("s-1", "Tell me about tides");

            JsonNode request = f.bundle(r.auditId()).get("request");
            assertThat(request.get("model").asText()).isEqualTo("gpt-4o-mini");
            assertThat(request.get("last_user_chars").asInt()).isEqualTo("Tell me about tides".length());
            assertThat(request.get("tool_allowlist")).isEmpty();
            assertThat(request.get("tool_allowlist_given").asBoolean()).isFalse();
            assertThat(request.get("client_tools")).isEmpty();
            JsonNode cp = request.get("client_params");
            assertThat(cp.has("stop")).isFalse();
            assertThat(cp.has("stop_dropped")).isFalse();
            assertThat(cp.has("tool_choice")).isFalse();
            assertThat(cp.get("pass_through")).isEmpty();
        }
    }

    @Test
    void theAuditRecordsEachTighteningWithItsIncidentAndTheHoldsItPut() {
        try (PipelineFixture f = fixture(new DeltaModel(List.of()))) {
            GovernedResult r = f.complete("s-1", "I will kill you tomorrow.");

            assertThat(r.incidents()).hasSize(1);
            JsonNode t = f.bundle(r.auditId()).at("/modulation/tightenings");
            assertThat(t).hasSize(1);
            JsonNode first = t.get(0);
            assertThat(first.get("step").asInt()).isZero();
            assertThat(first.get("incident_id").asText())
                    .isEqualTo(r.incidents().getFirst().id());
            assertThat(first.get("why").asText()).isEqualTo("flagged_input");
            assertThat(first.get("safety_mode").asText()).isEqualTo("strict");
            // the default scopes: the session always, and the named user (issue #15 item 2)
            String until = PipelineFixture.T0.plus(Duration.ofMinutes(10)).toString();
            assertThat(first.get("holds"))
                    .extracting(
                            h -> h.get("scope").asText() + " " + h.get("until").asText())
                    .containsExactlyInAnyOrder("session " + until, "user " + until);
        }
    }

    @Test
    void aStrictSessionsRefusalIsAuditedWithTheModeInForceAndItsIncident() {
        try (PipelineFixture f = fixture(new DeltaModel(List.of()))) {
            f.modulator.record(PipelineFixture.key("s-1"), SignalInput.of("alignment_risk", 1.0, "test"));
            GovernedResult r = f.complete("s-1", "I will kill you tomorrow.");

            assertThat(r.outcome()).isEqualTo(Outcome.REFUSED);
            JsonNode b = f.bundle(r.auditId());
            assertThat(b.at("/modulation/final_safety_mode").asText()).isEqualTo("strict");
            assertThat(b.at("/modulation/results/0/reason").asText()).isEqualTo("refused_not_sent");
            assertThat(b.at("/modulation/tightenings/0/why").asText()).isEqualTo("flagged_input");
            assertThat(b.get("incidents")).hasSize(1);
        }
    }

    @Test
    void aStreamAuditsItsLastPassingOutputCheckWithTheNumberOfChecksMadeBeforeIt() {
        String answer = "Tides follow the moon. The sea rises twice a day. Then it falls again.";
        try (PipelineFixture f = fixture(new DeltaModel(List.of(RequestEndsTest.answer("m", answer))));
                GovernedStream s = f.stream("s-1", "Tell me about tides")) {
            PipelineFixture.drain(s);
            GovernedResult r = s.result().orElseThrow();

            assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
            // every release was moderated first; the audit keeps the passing checks' last one only
            assertThat(f.finalTexts).hasSizeGreaterThan(1);
            List<JsonNode> checks = java.util.stream.StreamSupport.stream(
                            f.bundle(r.auditId()).at("/moderation/verdicts").spliterator(), false)
                    .filter(v -> v.get("kind").asText().equals("final_output"))
                    .toList();
            assertThat(checks).singleElement().satisfies(c -> {
                assertThat(c.get("result").asText()).isEqualTo("passed");
                assertThat(c.get("chars").asInt()).isEqualTo(answer.length());
                assertThat(c.get("checks_so_far").asInt()).isEqualTo(f.finalTexts.size());
            });
        }
    }

    @Test
    void theAuditRecordsHowLongEachToolRanOnTheClock() {
        DeltaModel model = new DeltaModel(List.of(
                RequestEndsTest.toolCalls(
                        "m", "", new FunctionCall("call_1", "retrieve_knowledge", "{\"query\":\"tides\"}")),
                RequestEndsTest.answer("m", "Tides follow the moon.")));
        List<ToolGate> gates = new java.util.ArrayList<>();
        // the retrieval tool takes 250 ms on the fixture's clock
        try (PipelineFixture f =
                new PipelineFixture(dir, x -> model, ModerationProvider.local(), Durability.OS, (clock, b) -> {
                    ToolGate slow = ToolGate.create(
                            ToolRegistry.builder()
                                    .executor(CanonicalTool.RETRIEVAL, (arguments, context) -> {
                                        clock.advance(Duration.ofMillis(250));
                                        return new ToolOutcome.Output("Tides follow the moon.");
                                    })
                                    .build(),
                            Flags.fixed(Map.of()));
                    gates.add(slow);
                    return b.tools(slow);
                })) {
            GovernedResult r = f.complete("s-1", "Tell me about tides");

            assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
            JsonNode call = f.bundle(r.auditId()).at("/tool_calls/calls/0");
            assertThat(call.get("status").asText()).isEqualTo("completed");
            assertThat(call.get("duration_ms").asLong()).isEqualTo(250);
            // the request's latency on the same clock: the tool's 250 ms and nothing else moved it
            assertThat(f.bundle(r.auditId()).get("latency_ms").asLong()).isEqualTo(250);
        } finally {
            gates.forEach(ToolGate::close);
        }
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }
}
