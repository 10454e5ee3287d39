package ai.lukhas.pwm.governance.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ToolGateTest {
    /** The gate runs the call {@code id} of {@code name} with {@code arguments} for the default tenant. */
    private static ToolRunResult run(ToolGate gate, ToolOffer offer, String id, String name, String arguments) {
        return gate.run(offer, new ToolCall(id, name, arguments), ToolContext.of(TenantId.DEFAULT));
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ALL = List.of("retrieval", "browser", "scheduler", "code_exec");

    private final RecordingExecutor retrieval = new RecordingExecutor("retrieval");
    private final RecordingExecutor browser = new RecordingExecutor("browser");
    private final RecordingExecutor scheduler = new RecordingExecutor("scheduler");
    private ToolGate gate;

    @AfterEach
    void close() {
        if (gate != null) {
            gate.close();
        }
    }

    private ToolGate gate(Map<String, ?> flags) {
        ToolRegistry registry = ToolRegistry.builder()
                .executor(CanonicalTool.RETRIEVAL, retrieval)
                .executor(CanonicalTool.BROWSER, browser)
                .executor(CanonicalTool.SCHEDULER, scheduler)
                .executor(CanonicalTool.CODE_EXEC, new ToolExecutor() {
                    @Override
                    public ToolOutcome execute(JsonNode arguments, ToolContext context) {
                        throw new AssertionError("an unavailable executor must never run");
                    }

                    @Override
                    public Optional<String> unavailableReason() {
                        return Optional.of("bubblewrap (bwrap) is not installed");
                    }
                })
                .build();
        gate = ToolGate.create(registry, Flags.fixed(flags));
        return gate;
    }

    @Test
    void theCanonicalToolsHaveTheIssuesNamesDescriptionsAndSchemas() throws Exception {
        assertThat(CanonicalTool.RETRIEVAL.definition().chatCompletionsShape()).isEqualTo(JSON.readTree("""
                        {"type":"function","function":{"name":"retrieve_knowledge",
                         "description":"Fetch top-K relevant notes or documents.",
                         "parameters":{"type":"object",
                           "properties":{"query":{"type":"string","minLength":1},
                                         "k":{"type":"integer","minimum":1,"maximum":20}},
                           "required":["query"],"additionalProperties":false}}}"""));
        assertThat(CanonicalTool.BROWSER.definition().responsesShape()).isEqualTo(JSON.readTree("""
                        {"type":"function","name":"open_url",
                         "description":"Open a URL in a sandboxed browser and return text.",
                         "parameters":{"type":"object","properties":{"url":{"type":"string","minLength":1}},
                           "required":["url"],"additionalProperties":false}}"""));
        assertThat(CanonicalTool.SCHEDULER.definition().description())
                .isEqualTo("Schedule a reminder or follow-up task.");
        assertThat(CanonicalTool.SCHEDULER.definition().parameters().get("required"))
                .isEqualTo(JSON.readTree("[\"when\",\"note\"]"));
        assertThat(CanonicalTool.CODE_EXEC.definition().description())
                .isEqualTo("Execute sandboxed code for analysis (non-networked).");
        assertThat(CanonicalTool.CODE_EXEC.definition().parameters().at("/properties/language/enum"))
                .isEqualTo(JSON.readTree("[\"python\",\"javascript\",\"bash\"]"));
    }

    @Test
    void theOfferIsTheIntersectionAndEveryOmittedToolHasItsReason() {
        ToolOffer offer = gate(Map.of("BROWSER_TOOL", false, "CODE_EXEC_TOOL", true))
                .offer(ToolOfferRequest.of(List.of("retrieval", "browser", "code_exec", "scheduler"))
                        .withTenantCeiling(Set.of("retrieval", "browser", "code_exec", "scheduler"))
                        .withRequestAllowlist(Set.of("retrieve_knowledge", "open_url", "exec_code")));

        assertThat(offer.offeredAllowlistNames()).containsExactly("retrieval");
        assertThat(offer.excluded())
                .containsExactly(
                        new ToolExclusion("browser", ToolExclusion.Stage.FLAG_OFF, "flag BROWSER_TOOL is off"),
                        new ToolExclusion(
                                "scheduler",
                                ToolExclusion.Stage.REQUEST_ALLOWLIST,
                                "not in the request's tool allowlist"),
                        new ToolExclusion(
                                "code_exec",
                                ToolExclusion.Stage.EXECUTOR_UNAVAILABLE,
                                "bubblewrap (bwrap) is not installed"));
        assertThat(offer.chatCompletionsTools()).hasSize(1);
        assertThat(offer.chatCompletionsTools().get(0).at("/function/name").asText())
                .isEqualTo("retrieve_knowledge");
    }

    @Test
    void theTenantCeilingAndTheModulatedAllowlistAreReportedFirst() {
        ToolOffer offer = gate(Map.of("BROWSER_TOOL", true))
                .offer(ToolOfferRequest.of(List.of("retrieval")).withTenantCeiling(Set.of("retrieval", "scheduler")));

        assertThat(offer.excluded())
                .extracting(ToolExclusion::tool, e -> e.stage().wireName())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("browser", "tenant_ceiling"),
                        org.assertj.core.groups.Tuple.tuple("scheduler", "modulated_allowlist"),
                        org.assertj.core.groups.Tuple.tuple("code_exec", "tenant_ceiling"));
        assertThat(offer.excluded().get(1).reason()).isEqualTo("not in the modulated tool_allowlist [retrieval]");
    }

    @Test
    void aHallucinatedToolIsBlockedWithAToolMessageNotAnException() {
        ToolGate g = gate(Map.of());
        ToolOffer offer = g.offer(ToolOfferRequest.of(ALL));

        ToolRunResult result = run(g, offer, "c1", "rm_rf", "{}");

        assertThat(result)
                .isEqualTo(new ToolRunResult.Blocked(new ToolCallDecision.Blocked(
                        "rm_rf", ToolCallDecision.Kind.BLOCKED_TOOL, "no tool of that name exists")));
        assertThat(((ToolRunResult.Blocked) result).decision().toolMessage())
                .isEqualTo("Tool 'rm_rf' blocked by governance: no tool of that name exists");
        assertThat(g.counts().get("(unregistered)").blockedTool()).isEqualTo(1);
    }

    @Test
    void aRegisteredToolThatWasNotOfferedIsBlockedNamingWhy() {
        ToolGate g = gate(Map.of());
        ToolOffer offer = g.offer(ToolOfferRequest.of(ALL));

        ToolCallDecision d = g.check(offer, new ToolCall("c1", "open_url", "{\"url\":\"http://example.com\"}"));

        assertThat(d).isInstanceOf(ToolCallDecision.Blocked.class);
        assertThat(((ToolCallDecision.Blocked) d).toolMessage())
                .isEqualTo("Tool 'open_url' blocked by governance: it was not offered for this request "
                        + "(flag_off: flag BROWSER_TOOL is off)");
        assertThat(browser.calls).isEmpty();
    }

    @Test
    void invalidArgumentsAreBlockedWithTheValidatorsReason() {
        ToolGate g = gate(Map.of());
        ToolOffer offer = g.offer(ToolOfferRequest.of(ALL));

        ToolRunResult notJson = run(g, offer, "c", "retrieve_knowledge", "{query: x}");
        ToolRunResult badK = run(g, offer, "c", "retrieve_knowledge", "{\"query\":\"x\",\"k\":99}");
        ToolRunResult array = run(g, offer, "c", "retrieve_knowledge", "[1]");
        ToolRunResult dup =
                run(g, offer, "c", "schedule_task", "{\"when\":\"in 1 day\",\"note\":\"a\",\"note\":\"b\"}");

        assertThat(List.of(notJson, badK, array, dup)).allSatisfy(r -> assertThat(
                        ((ToolRunResult.Blocked) r).decision().kind())
                .isEqualTo(ToolCallDecision.Kind.INVALID_ARGUMENTS));
        assertThat(((ToolRunResult.Blocked) notJson).decision().toolMessage())
                .startsWith("Tool 'retrieve_knowledge' blocked by governance: arguments are not valid JSON");
        assertThat(((ToolRunResult.Blocked) badK).decision().reason())
                .isEqualTo("arguments do not match the tool's schema: /k: must have a maximum value of 20");
        ToolCallDecision missing = g.check(offer, new ToolCall("c", "retrieve_knowledge", ""));
        assertThat(((ToolCallDecision.Blocked) missing).reason())
                .isEqualTo("arguments do not match the tool's schema: required property 'query' not found");
        assertThat(((ToolRunResult.Blocked) array).decision().reason())
                .isEqualTo("arguments must be a JSON object, but were array");
        assertThat(((ToolRunResult.Blocked) dup).decision().reason()).contains("Duplicate field 'note'");
        assertThat(retrieval.calls).isEmpty();
        assertThat(scheduler.calls).isEmpty();
        assertThat(g.counts().get("retrieve_knowledge").invalidArguments()).isEqualTo(3);
    }

    /** PIT found these paths unrun (docs/quality.md): each is a way a call ends that must still be reported. */
    @Test
    void manyErrorsAnExecutorReturningNullAnInterruptedCallerAndACutSurrogatePairAreEachHandled() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        ToolRegistry registry = ToolRegistry.builder()
                .register(
                        ToolDefinition.of(
                                "form",
                                "Five fields.",
                                JSON.readTree("{\"type\":\"object\",\"required\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}")),
                        (a, c) -> new ToolOutcome.Output("ok"))
                .register(
                        ToolDefinition.of("hollow", "Returns nothing.", JSON.readTree("{\"type\":\"object\"}")),
                        (a, c) -> null)
                .register(ToolDefinition.of("stuck", "Waits.", JSON.readTree("{\"type\":\"object\"}")), (a, c) -> {
                    never.await();
                    return new ToolOutcome.Output("late");
                })
                .register(
                        ToolDefinition.of("emoji", "Smiles.", JSON.readTree("{\"type\":\"object\"}")),
                        (a, c) -> new ToolOutcome.Output("abcd\uD83D\uDE00xyz"),
                        ExecutionLimits.DEFAULT.withMaxOutputChars(5))
                .build();
        try (ToolGate g = ToolGate.create(registry, Flags.fixed(Map.of()))) {
            ToolOffer offer = g.offer(ToolOfferRequest.of(List.of("form", "hollow", "stuck", "emoji")));

            ToolRunResult form = run(g, offer, "c", "form", "{}");
            assertThat(((ToolRunResult.Blocked) form).decision().reason()).endsWith("; and 2 more");

            ToolRunResult hollow = run(g, offer, "c", "hollow", "{}");
            assertThat(hollow)
                    .isEqualTo(new ToolRunResult.Failed(
                            "hollow", ToolRunResult.Failed.Kind.CRASHED, "Tool 'hollow' failed: internal error"));
            assertThat(g.counts().get("hollow").crashes()).isEqualTo(1);

            Thread.currentThread().interrupt();
            ToolRunResult stuck = run(g, offer, "c", "stuck", "{}");
            assertThat(Thread.interrupted())
                    .as("the caller's interrupt is kept")
                    .isTrue();
            never.countDown();
            assertThat(stuck)
                    .isEqualTo(new ToolRunResult.Failed(
                            "stuck", ToolRunResult.Failed.Kind.CRASHED, "Tool 'stuck' was interrupted"));
            assertThat(g.counts().get("stuck").crashes()).isEqualTo(1);

            ToolRunResult emoji = run(g, offer, "c", "emoji", "{}");
            assertThat(((ToolRunResult.Completed) emoji).output())
                    .as("a surrogate pair at the cap is not split")
                    .isEqualTo("abcd\n[output truncated at 5 characters]");
        }
    }

    @Test
    void oversizedArgumentsAreRefusedBeforeParsing() {
        ToolGate g = gate(Map.of());
        ToolOffer offer = g.offer(ToolOfferRequest.of(ALL));
        String huge = "{\"query\":\"" + "a".repeat(ToolGate.MAX_ARGUMENT_CHARS) + "\"}";

        ToolCallDecision d = g.check(offer, new ToolCall("c", "retrieve_knowledge", huge));

        assertThat(((ToolCallDecision.Blocked) d).reason())
                .isEqualTo("arguments are " + huge.length() + " characters long; the limit is 1000000");
    }

    @Test
    void aNameFullOfControlCharactersIsShownSafely() {
        ToolGate g = gate(Map.of());
        ToolOffer offer = g.offer(ToolOfferRequest.of(ALL));

        ToolCallDecision.Blocked b =
                (ToolCallDecision.Blocked) g.check(offer, new ToolCall("c", "x'\n\u202Eevil" + "y".repeat(100), "{}"));

        assertThat(b.toolMessage())
                .doesNotContain("\n", "\u202E")
                .contains("x???evil")
                .contains("…");
    }

    @Test
    void anAllowedCallRunsWithTheValidatedArguments() throws Exception {
        ToolGate g = gate(Map.of());
        ToolOffer offer = g.offer(ToolOfferRequest.of(ALL));

        ToolRunResult r = run(g, offer, "c", "retrieve_knowledge", "{\"query\":\"refunds\",\"k\":3}");

        assertThat(r).isEqualTo(new ToolRunResult.Completed("retrieve_knowledge", "retrieval ran", false));
        assertThat(retrieval.calls).containsExactly(JSON.readTree("{\"query\":\"refunds\",\"k\":3}"));
        assertThat(g.counts().get("retrieve_knowledge").completed()).isEqualTo(1);
    }

    @Test
    void anExecutorThatOverrunsItsTimeoutIsInterruptedAndTheCallFails() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        ToolDefinition slow = ToolDefinition.of("slow", "Never finishes.", JSON.readTree("{\"type\":\"object\"}"));
        ToolRegistry registry = ToolRegistry.builder()
                .register(
                        slow,
                        (args, ctx) -> {
                            try {
                                new CountDownLatch(1).await(); // until interrupted
                            } catch (InterruptedException e) {
                                interrupted.countDown();
                            }
                            return new ToolOutcome.Output("late");
                        },
                        ExecutionLimits.DEFAULT.withTimeout(Duration.ofMillis(50)))
                .build();
        try (ToolGate g = ToolGate.create(registry, Flags.fixed(Map.of()))) {
            ToolOffer offer = g.offer(ToolOfferRequest.of(List.of("slow")));

            ToolRunResult r = run(g, offer, "c", "slow", "{}");

            assertThat(r)
                    .isEqualTo(new ToolRunResult.Failed(
                            "slow", ToolRunResult.Failed.Kind.TIMEOUT, "Tool 'slow' timed out after 50 ms"));
            assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(g.counts().get("slow").timeouts()).isEqualTo(1);
        }
    }

    @Test
    void outputIsCutAtTheCapAndErrorsAndCrashesBecomeToolMessages() throws Exception {
        JsonNode anyObject = JSON.readTree("{\"type\":\"object\"}");
        ToolRegistry registry = ToolRegistry.builder()
                .register(
                        ToolDefinition.of("chatty", "Talks a lot.", anyObject),
                        (a, c) -> new ToolOutcome.Output("y".repeat(500)),
                        ExecutionLimits.DEFAULT.withMaxOutputChars(100))
                .register(ToolDefinition.of("picky", "Refuses.", anyObject), (a, c) -> new ToolOutcome.Error("no date"))
                .register(ToolDefinition.of("buggy", "Throws.", anyObject), (a, c) -> {
                    throw new IllegalStateException("database is gone");
                })
                .build();
        try (ToolGate g = ToolGate.create(registry, Flags.fixed(Map.of()))) {
            ToolOffer offer = g.offer(ToolOfferRequest.of(List.of("chatty", "picky", "buggy")));

            ToolRunResult chatty = run(g, offer, "c", "chatty", "{}");
            ToolRunResult picky = run(g, offer, "c", "picky", "{}");
            ToolRunResult buggy = run(g, offer, "c", "buggy", "{}");

            assertThat(chatty)
                    .isEqualTo(new ToolRunResult.Completed(
                            "chatty", "y".repeat(100) + "\n[output truncated at 100 characters]", true));
            assertThat(picky)
                    .isEqualTo(new ToolRunResult.Failed(
                            "picky", ToolRunResult.Failed.Kind.TOOL_ERROR, "Tool 'picky' error: no date"));
            assertThat(buggy)
                    .isEqualTo(new ToolRunResult.Failed(
                            "buggy", ToolRunResult.Failed.Kind.CRASHED, "Tool 'buggy' failed: internal error"));
            assertThat(g.counts().get("chatty").truncated()).isEqualTo(1);
            assertThat(g.counts().get("picky").toolErrors())
                    .isEqualTo(1); // lukhas_tool_calls_total{outcome=tool_error}
            assertThat(g.counts().get("buggy").crashes()).isEqualTo(1);
        }
    }

    @Test
    void aRequestsOwnClientToolsPassTheSameStagesAndChecks() throws Exception {
        ToolDefinition pick = ToolDefinition.of(
                "pick_colour",
                "Pick a colour.",
                JSON.readTree("{\"type\":\"object\",\"properties\":{\"colour\":{\"enum\":[\"red\",\"blue\"]}},"
                        + "\"required\":[\"colour\"]}"));
        ToolDefinition note = ToolDefinition.of("take_note", "Take a note.", JSON.readTree("{\"type\":\"object\"}"));
        ToolGate g = gate(Map.of());
        ToolOffer offer = g.offer(
                ToolOfferRequest.of(List.of("retrieval", "pick_colour", "take_note"))
                        .withRequestAllowlist(List.of("retrieval", "pick_colour")),
                List.of(pick, note));

        assertThat(offer.offered())
                .extracting(ToolDefinition::name)
                .containsExactly("retrieve_knowledge", "pick_colour");
        assertThat(run(g, offer, "c1", "pick_colour", "{\"colour\":\"red\"}"))
                .isEqualTo(new ToolRunResult.ClientSide("pick_colour", "c1", JSON.readTree("{\"colour\":\"red\"}")));
        assertThat(g.check(offer, new ToolCall("c2", "pick_colour", "{\"colour\":\"green\"}")))
                .isInstanceOfSatisfying(ToolCallDecision.Blocked.class, b -> assertThat(b.kind())
                        .isEqualTo(ToolCallDecision.Kind.INVALID_ARGUMENTS));
        assertThat(g.check(offer, new ToolCall("c3", "take_note", "{}")))
                .isInstanceOfSatisfying(
                        ToolCallDecision.Blocked.class,
                        b -> assertThat(b.reason())
                                .isEqualTo(
                                        "it was not offered for this request (request_allowlist: not in the request's tool allowlist)"));
        // Another request's offer does not know the client tool.
        assertThat(g.check(
                        g.offer(ToolOfferRequest.of(ALL)), new ToolCall("c4", "pick_colour", "{\"colour\":\"red\"}")))
                .isInstanceOf(ToolCallDecision.Blocked.class);
        assertThatThrownBy(() -> g.offer(
                        ToolOfferRequest.of(ALL),
                        List.of(ToolDefinition.of("open_url", "Shadowing.", JSON.readTree("{}")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client tool name 'open_url' is already taken");
    }

    @Test
    void aClientSideToolIsGovernedButHandedBack() throws Exception {
        ToolDefinition pick = ToolDefinition.of(
                "pick_colour",
                "Pick a colour.",
                JSON.readTree("{\"type\":\"object\",\"properties\":{\"colour\":{\"enum\":[\"red\",\"blue\"]}},"
                        + "\"required\":[\"colour\"]}"));
        ToolRegistry registry = ToolRegistry.builder().clientSide(pick).build();
        try (ToolGate g = ToolGate.create(registry, Flags.fixed(Map.of()))) {
            ToolOffer offer = g.offer(ToolOfferRequest.of(List.of("pick_colour")));

            assertThat(run(g, offer, "c9", "pick_colour", "{\"colour\":\"red\"}"))
                    .isEqualTo(
                            new ToolRunResult.ClientSide("pick_colour", "c9", JSON.readTree("{\"colour\":\"red\"}")));
            assertThat(run(g, offer, "c9", "pick_colour", "{\"colour\":\"green\"}"))
                    .isInstanceOf(ToolRunResult.Blocked.class);
            assertThat(offer.excluded())
                    .extracting(ToolExclusion::tool)
                    .containsExactly("retrieval", "browser", "scheduler", "code_exec");
        }
    }

    @Test
    void aCanonicalToolWithoutAnExecutorIsNotOffered() {
        try (ToolGate g = ToolGate.create(ToolRegistry.builder().build(), Flags.fixed(Map.of()))) {
            ToolOffer offer = g.offer(ToolOfferRequest.of(List.of("retrieval")));

            assertThat(offer.offered()).isEmpty();
            assertThat(offer.excluded().getFirst())
                    .isEqualTo(new ToolExclusion(
                            "retrieval",
                            ToolExclusion.Stage.EXECUTOR_UNAVAILABLE,
                            "no executor is configured for this tool"));
        }
    }

    @Test
    void anOfferFromAnotherRegistryIsRejected() {
        ToolGate g = gate(Map.of());
        try (ToolGate other = ToolGate.create(ToolRegistry.builder().build(), Flags.fixed(Map.of()))) {
            ToolOffer foreign = other.offer(ToolOfferRequest.of(ALL));

            assertThatThrownBy(() -> g.check(foreign, new ToolCall("c", "retrieve_knowledge", "{}")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void registrationErrorsNameTheTool() throws Exception {
        JsonNode anyObject = JSON.readTree("{\"type\":\"object\"}");
        assertThatThrownBy(() -> ToolRegistry.builder()
                        .clientSide(ToolDefinition.of("open_url", "Shadowing.", anyObject))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tool name 'open_url' is already taken by tool 'open_url'");
        assertThatThrownBy(() -> ToolRegistry.builder()
                        .clientSide(ToolDefinition.of("browser", "Shadowing the allowlist name.", anyObject))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'browser'");
        assertThatThrownBy(() -> ToolDefinition.of("bad name", "x", anyObject))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bad name'");
        assertThatThrownBy(() -> ToolDefinition.of("n", "x", JSON.readTree("[]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a JSON Schema object");
    }
}
