package ai.lukhas.pwm.pipeline;

import static ai.lukhas.pwm.pipeline.PipelineFixture.drain;
import static ai.lukhas.pwm.pipeline.PipelineFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lukhas.pwm.audit.Durability;
import ai.lukhas.pwm.governance.moderation.ContentKind;
import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.provider.ChatDelta;
import ai.lukhas.pwm.provider.ChatRequest;
import ai.lukhas.pwm.provider.ChatStream;
import ai.lukhas.pwm.provider.FakeUpstream;
import ai.lukhas.pwm.provider.FinishReason;
import ai.lukhas.pwm.provider.FunctionCall;
import ai.lukhas.pwm.provider.LlmProvider;
import ai.lukhas.pwm.provider.OpenAiCompatibleConfig;
import ai.lukhas.pwm.provider.RetryPolicy;
import ai.lukhas.pwm.provider.Usage;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a request ends, as the client and the audit see it (the ends listed in {@link RequestDriver}'s
 * Javadoc): what is released, in which order, what the result and the bundle say, and that the
 * model call is stopped whenever the request stops reading it. Written against the survivors of a
 * PIT run (docs/quality.md): each test pins a behaviour a mutant changed without any test noticing.
 */
class RequestEndsTest {
    @TempDir
    Path dir;

    /** A model that streams scripted deltas, one list per model step, and records what was read and closed. */
    static final class DeltaModel implements TestModels.Streaming {
        final ArrayDeque<List<ChatDelta>> steps;
        final List<Upstream> opened = new CopyOnWriteArrayList<>();

        DeltaModel(List<List<ChatDelta>> steps) {
            this.steps = new ArrayDeque<>(steps);
        }

        @Override
        public String name() {
            return "deltas";
        }

        @Override
        public ChatStream stream(ChatRequest request) {
            Upstream u = new Upstream(steps.isEmpty() ? answer("m-end", "Done.") : steps.poll());
            opened.add(u);
            return u;
        }
    }

    /** One upstream stream: how many deltas were taken and whether it was closed. */
    static class Upstream implements ChatStream {
        final int size;
        private final ArrayDeque<ChatDelta> queue;
        int taken;
        boolean closed;

        Upstream(List<ChatDelta> deltas) {
            this.size = deltas.size();
            this.queue = new ArrayDeque<>(deltas);
        }

        @Override
        public Optional<ChatDelta> next() {
            if (closed) {
                return Optional.empty();
            }
            ChatDelta d = queue.poll();
            if (d != null) {
                taken++;
            }
            return Optional.ofNullable(d);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A whole answer as a stream: started by {@code model}, the text in 8-character chunks, stop, usage. */
    static List<ChatDelta> answer(String model, String text) {
        List<ChatDelta> d = new ArrayList<>();
        d.add(new ChatDelta.Started("chatcmpl-" + model, model));
        for (int i = 0; i < text.length(); i += 8) {
            d.add(new ChatDelta.Content(text.substring(i, Math.min(text.length(), i + 8))));
        }
        d.add(new ChatDelta.Finished(FinishReason.STOP));
        d.add(new ChatDelta.UsageReport(new Usage(3, 4, 7)));
        return d;
    }

    /** Tool calls as a stream, optionally after some text. */
    static List<ChatDelta> toolCalls(String model, String text, FunctionCall... calls) {
        List<ChatDelta> d = new ArrayList<>();
        d.add(new ChatDelta.Started("chatcmpl-" + model, model));
        if (!text.isEmpty()) {
            d.add(new ChatDelta.Content(text));
        }
        for (int i = 0; i < calls.length; i++) {
            d.add(new ChatDelta.ToolCallFragment(
                    i, Optional.of(calls[i].id()), Optional.of(calls[i].name()), calls[i].arguments()));
        }
        d.add(new ChatDelta.Finished(FinishReason.TOOL_CALLS));
        return d;
    }

    private PipelineFixture fixture(DeltaModel model) {
        return fixture(model, ModerationProvider.local(), (c, b) -> b);
    }

    private PipelineFixture fixture(
            DeltaModel model,
            ModerationProvider moderation,
            BiFunction<ai.lukhas.pwm.testing.MutableClock, GovernedPipeline.Builder, GovernedPipeline.Builder> c) {
        return new PipelineFixture(dir, x -> model, moderation, Durability.OS, c);
    }

    static final String FLAGGED_LATER =
            "Tides follow the moon. The sea is calm today. I will kill you tomorrow. And more text follows here.";

    @Test
    void aContentFilteredStreamStopsTheModelCallAndReportsTheCharactersReleasedBeforeTheFlag() {
        DeltaModel model = new DeltaModel(List.of(answer("scripted-model", FLAGGED_LATER)));
        List<Integer> filtered = new ArrayList<>();
        PipelineObserver observer = new PipelineObserver() {
            @Override
            public void outputFiltered(int releasedChars) {
                filtered.add(releasedChars);
            }
        };
        try (PipelineFixture f = fixture(model, ModerationProvider.local(), (c, b) -> b.observer(observer));
                GovernedStream s = f.stream("s-1", "Tell me about tides")) {
            List<ChatDelta> deltas = drain(s);
            GovernedResult r = s.result().orElseThrow();

            assertThat(r.outcome()).isEqualTo(Outcome.CONTENT_FILTERED);
            String released = text(deltas);
            assertThat(released).startsWith("Tides follow the moon.").doesNotContain("kill");
            assertThat(deltas.getLast()).isEqualTo(new ChatDelta.Finished(FinishReason.CONTENT_FILTER));
            // The model call was stopped at the flag: the rest of its answer was never read.
            Upstream up = model.opened.getFirst();
            assertThat(up.closed).isTrue();
            assertThat(up.taken).isLessThan(up.size);
            // The release bound of issue #15 item 6 is a metric: what left before the verdict.
            assertThat(filtered).containsExactly(released.length());
            assertThat(f.releasedBeforeBlock(r)).isEqualTo(released.length());
        }
    }

    @Test
    void aFilteredAnswerNamesTheModelThatAnsweredNotTheOneAskedFor() {
        for (boolean stream : List.of(false, true)) {
            DeltaModel model = new DeltaModel(List.of(answer("answering-model-2", "I will kill you tomorrow.")));
            try (PipelineFixture f = fixture(model)) {
                GovernedRequest req = PipelineFixture.request("s-1", "Tell me about tides");
                GovernedResult r;
                if (stream) {
                    try (GovernedStream s = f.pipeline.stream(req)) {
                        drain(s);
                        r = s.result().orElseThrow();
                    }
                } else {
                    r = f.pipeline.complete(req);
                }

                assertThat(r.outcome()).as("stream=%s", stream).isEqualTo(Outcome.CONTENT_FILTERED);
                assertThat(r.response().model()).as("stream=%s", stream).isEqualTo("answering-model-2");
                assertThat(f.bundle(r.auditId()).get("model").asText()).isEqualTo("answering-model-2");
            }
        }
    }

    @Test
    void aRefusedStreamStartsWithItsIdBeforeTheRefusalText() {
        try (PipelineFixture f = fixture(new DeltaModel(List.of()))) {
            f.modulator.record(PipelineFixture.key("s-1"), SignalInput.of("alignment_risk", 1.0, "test"));
            try (GovernedStream s = f.stream("s-1", "I want to kill myself tonight")) {
                List<ChatDelta> deltas = drain(s);

                assertThat(s.result().orElseThrow().outcome()).isEqualTo(Outcome.REFUSED);
                assertThat(deltas)
                        .startsWith(
                                new ChatDelta.Started(s.auditId(), "gpt-4o-mini"),
                                new ChatDelta.Content(Run.REFUSAL),
                                new ChatDelta.Finished(FinishReason.STOP));
            }
        }
    }

    @Test
    void aClosedStreamHandsOutNothingMoreEvenWhatWasAlreadyQueued() {
        try (PipelineFixture f = fixture(new DeltaModel(List.of()))) {
            f.modulator.record(PipelineFixture.key("s-1"), SignalInput.of("alignment_risk", 1.0, "test"));
            GovernedStream s = f.stream("s-1", "I want to kill myself tonight");
            // The refusal is queued whole (started, text, finished) when the first delta is pulled.
            assertThat(s.next()).containsInstanceOf(ChatDelta.Started.class);
            s.close();

            assertThat(s.next()).isEmpty();
        }
    }

    @Test
    void aClientDisconnectMidStreamStopsTheModelCallAndIsAuditedAsCutShort() {
        DeltaModel model = new DeltaModel(List.of(answer("scripted-model", "Tides follow the moon. ".repeat(20))));
        try (PipelineFixture f = fixture(model)) {
            GovernedStream s = f.stream("s-1", "Tell me about tides");
            StringBuilder released = new StringBuilder();
            while (released.isEmpty()) {
                if (s.next().orElseThrow() instanceof ChatDelta.Content c) {
                    released.append(c.text());
                }
            }
            s.close();

            Upstream up = model.opened.getFirst();
            assertThat(up.closed).isTrue();
            assertThat(up.taken).isLessThan(up.size);
            GovernedResult r = s.result().orElseThrow();
            assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(r.response().message().content()).contains(released.toString());
            JsonNode b = f.bundle(r.auditId());
            assertThat(b.at("/request/closed_by_client").asBoolean()).isTrue();
            assertThat(b.at("/request/released_chars").asInt()).isEqualTo(released.length());
        }
    }

    @Test
    void aStreamClosedBeforeItsFirstPullIsAuditedWithTheSessionsModeAndNeverReachesTheModel() {
        DeltaModel model = new DeltaModel(List.of());
        try (PipelineFixture f = fixture(model)) {
            f.modulator.record(PipelineFixture.key("s-1"), SignalInput.of("alignment_risk", 1.0, "test"));
            GovernedStream s = f.stream("s-1", "Tell me about tides");
            s.close();

            GovernedResult r = s.result().orElseThrow();
            assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(r.safetyMode()).isEqualTo(ai.lukhas.pwm.modulation.SafetyMode.STRICT);
            assertThat(model.opened).isEmpty();
            assertThat(f.events).isEmpty();
            JsonNode b = f.bundle(r.auditId());
            assertThat(b.at("/request/closed_by_client").asBoolean()).isTrue();
            assertThat(b.at("/modulation/final_safety_mode").asText()).isEqualTo("strict");
        }
    }

    @Test
    void theUpstreamOfEveryModelStepIsClosedWhenTheStepEnds() {
        DeltaModel model = new DeltaModel(List.of(
                toolCalls("m", "", new FunctionCall("call_1", "retrieve_knowledge", "{\"query\":\"tides\"}")),
                answer("m", "Tides follow the moon.")));
        try (PipelineFixture f = fixture(model);
                GovernedStream s = f.stream("s-1", "Tell me about tides")) {
            drain(s);

            assertThat(s.result().orElseThrow().outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(model.opened).hasSize(2).allSatisfy(u -> assertThat(u.closed)
                    .isTrue());
        }
    }

    @Test
    void aStreamThatCannotBeAssembledEndsAsAProviderErrorWithOnlyTheReleasedText() {
        // A tool call that never receives its name: the step cannot be read as an answer.
        List<ChatDelta> broken = List.of(
                new ChatDelta.Started("chatcmpl-x", "m"),
                new ChatDelta.ToolCallFragment(0, Optional.of("call_1"), Optional.empty(), "{}"),
                new ChatDelta.Finished(FinishReason.TOOL_CALLS));
        PipelineObserverTest.Recording rec = new PipelineObserverTest.Recording();
        try (PipelineFixture f = fixture(
                        new DeltaModel(List.of(broken)), ModerationProvider.local(), (c, b) -> b.observer(rec));
                GovernedStream s = f.stream("s-1", "Tell me about tides")) {
            List<ChatDelta> deltas = drain(s);
            GovernedResult r = s.result().orElseThrow();

            assertThat(r.outcome()).isEqualTo(Outcome.PROVIDER_ERROR);
            assertThat(r.failure()).hasValueSatisfying(m -> assertThat(m).contains("malformed", "never received"));
            assertThat(deltas).noneMatch(d -> d instanceof ChatDelta.Finished || d instanceof ChatDelta.Content);
            assertThat(rec.events).contains("provider malformed_stream");
            assertThat(f.executed).isEmpty();
        }
    }

    @Test
    void anUpstreamThatBreaksOffMidStreamIsAProviderErrorKeepingOnlyTheReleasedTextAndIsClosed() {
        try (FakeUpstream upstream = new FakeUpstream()) {
            upstream.then(FakeUpstream.cutSse(
                    GovernedPipelineEndToEndTest.content("Tides follow the moon. "),
                    GovernedPipelineEndToEndTest.content("The sea is calm today. "),
                    GovernedPipelineEndToEndTest.content("And then")));
            List<TestModels.ForwardingStream> closes = new CopyOnWriteArrayList<>();
            try (PipelineFixture f = new PipelineFixture(
                            dir,
                            clock -> closeRecording(
                                    LlmProvider.openAiCompatible(
                                            OpenAiCompatibleConfig.builder(upstream.baseUrl())
                                                    .apiKey("sk-test")
                                                    .retry(RetryPolicy.DEFAULT)
                                                    .build(),
                                            clock,
                                            clock::sleep,
                                            () -> 0.5),
                                    closes),
                            ModerationProvider.local(),
                            Durability.OS,
                            (c, b) -> b);
                    GovernedStream s = f.stream("s-1", "Tell me about tides")) {
                List<ChatDelta> deltas = drain(s);
                GovernedResult r = s.result().orElseThrow();

                assertThat(r.outcome()).isEqualTo(Outcome.PROVIDER_ERROR);
                assertThat(r.failure()).hasValueSatisfying(m -> assertThat(m).contains("ended before"));
                assertThat(deltas).noneMatch(d -> d instanceof ChatDelta.Finished);
                String released = text(deltas);
                assertThat(released).startsWith("Tides follow the moon.").doesNotContain("And then");
                assertThat(r.response().message().content()).contains(released);
                assertThat(closes).singleElement().satisfies(u -> assertThat(u.closed)
                        .isTrue());
            }
        }
    }

    /** Wraps every stream of {@code delegate} so a test can see whether it was closed. */
    private static LlmProvider closeRecording(LlmProvider delegate, List<TestModels.ForwardingStream> closes) {
        return new TestModels.Forwarding(delegate) {
            @Override
            public ChatStream stream(ChatRequest request) {
                TestModels.ForwardingStream s = new TestModels.ForwardingStream(delegate.stream(request));
                closes.add(s);
                return s;
            }
        };
    }

    @Test
    void clientToolCallsWithoutTextHaveNoContentAndTextNextToThemIsKept() {
        FunctionCall call = GovernanceHardeningTest.CLIENT_CALL;
        for (String said : List.of("", "Let me check that for you.")) {
            DeltaModel model = new DeltaModel(List.of(toolCalls("m", said, call)));
            try (PipelineFixture f = fixture(model)) {
                GovernedResult r = f.pipeline.complete(GovernanceHardeningTest.clientToolRequest("s-1"));

                assertThat(r.outcome()).isEqualTo(Outcome.CLIENT_TOOL_CALLS);
                assertThat(r.response().message().toolCalls()).containsExactly(call);
                assertThat(r.response().message().content())
                        .as("content next to the calls")
                        .isEqualTo(said.isEmpty() ? Optional.empty() : Optional.of(said));
            }
        }
    }

    @Test
    void streamedClientToolCallsAreIndexedFromZeroInTheModelsOrder() {
        FunctionCall first = GovernanceHardeningTest.CLIENT_CALL;
        FunctionCall second = new FunctionCall("call_2", "client_fn", "{\"x\":\"moon\"}");
        try (PipelineFixture f = fixture(new DeltaModel(List.of(toolCalls("m", "", first, second))));
                GovernedStream s = f.pipeline.stream(GovernanceHardeningTest.clientToolRequest("s-1"))) {
            List<ChatDelta> deltas = drain(s);

            assertThat(deltas)
                    .filteredOn(d -> d instanceof ChatDelta.ToolCallFragment)
                    .containsExactly(
                            new ChatDelta.ToolCallFragment(
                                    0, Optional.of("call_1"), Optional.of("client_fn"), first.arguments()),
                            new ChatDelta.ToolCallFragment(
                                    1, Optional.of("call_2"), Optional.of("client_fn"), second.arguments()));
            assertThat(deltas).contains(new ChatDelta.Finished(FinishReason.TOOL_CALLS));
        }
    }

    @Test
    void theAuditRecordsHowAStreamReleasedTextAndThatAPlainRequestDidNotStream() {
        try (PipelineFixture f = fixture(new DeltaModel(List.of(answer("m", "Tides."), answer("m", "Tides."))))) {
            GovernedResult plain = f.complete("s-1", "Tell me about tides");
            GovernedResult streamed;
            try (GovernedStream s = f.stream("s-2", "Tell me about tides")) {
                drain(s);
                streamed = s.result().orElseThrow();
            }

            JsonNode p = f.bundle(plain.auditId()).get("request");
            JsonNode st = f.bundle(streamed.auditId()).get("request");
            assertThat(p.get("stream").asBoolean()).isFalse();
            assertThat(p.has("stream_release")).isFalse();
            assertThat(st.get("stream").asBoolean()).isTrue();
            assertThat(st.get("stream_release").asText()).isEqualTo("pending_phrases");
            assertThat(st.get("stream_window").asInt()).isEqualTo(64);
        }
    }

    /** A moderation provider without known phrase patterns: the stream holds back the open sentence. */
    private static ModerationProvider customModeration() {
        return new MarkerModeration("never-present-marker", Set.of(ContentKind.FINAL_OUTPUT));
    }

    @Test
    void aStreamNeverReleasesHalfOfASurrogatePair() {
        // No sentence end: the custom provider's rule holds the open sentence's last 64 characters, a
        // point that falls inside an emoji whenever the text so far has an odd length.
        String waves = "🌊".repeat(60);
        List<ChatDelta> d = new ArrayList<>();
        d.add(new ChatDelta.Started("chatcmpl-w", "m"));
        for (int i = 0; i < waves.length(); i += 3) {
            d.add(new ChatDelta.Content(waves.substring(i, Math.min(waves.length(), i + 3))));
        }
        d.add(new ChatDelta.Finished(FinishReason.STOP));
        try (PipelineFixture f = fixture(new DeltaModel(List.of(d)), customModeration(), (c, b) -> b);
                GovernedStream s = f.stream("s-1", "Waves, please")) {
            List<ChatDelta> deltas = drain(s);

            List<String> contents = deltas.stream()
                    .filter(x -> x instanceof ChatDelta.Content)
                    .map(x -> ((ChatDelta.Content) x).text())
                    .toList();
            assertThat(contents).hasSizeGreaterThan(1);
            assertThat(contents).allSatisfy(c -> {
                assertThat(Character.isLowSurrogate(c.charAt(0)))
                        .as("starts with a low half: %s", c)
                        .isFalse();
                assertThat(Character.isHighSurrogate(c.charAt(c.length() - 1)))
                        .as("ends with a high half: %s", c)
                        .isFalse();
            });
            assertThat(String.join("", contents)).isEqualTo(waves);
        }
    }

    @Test
    void aStreamWindowOfZeroHoldsBackNoOpenSentence() {
        String answer = "Tides follow the moon and the sun";
        try (PipelineFixture f = fixture(
                        new DeltaModel(List.of(answer("m", answer))), customModeration(), (c, b) -> b.streamWindow(0));
                GovernedStream s = f.stream("s-1", "Tell me about tides")) {
            List<ChatDelta> deltas = drain(s);

            // Released chunk by chunk as it arrived, not in one piece at the step's end.
            assertThat(deltas.stream()
                            .filter(x -> x instanceof ChatDelta.Content)
                            .count())
                    .isGreaterThan(1);
            assertThat(text(deltas)).isEqualTo(answer);
        }
    }

    @Test
    void aFixedWindowPolicyReleasesAllButItsWindowAndRefusesANegativeOne() {
        assertThat(ReleasePolicy.holdBack(4).releasable("0123456789")).isEqualTo(6);
        assertThat(ReleasePolicy.holdBack(0).releasable("0123456789")).isEqualTo(10);
        assertThatThrownBy(() -> ReleasePolicy.holdBack(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window must be >= 0");
        assertThatThrownBy(() ->
                        ReleasePolicy.pendingFindings(ai.lukhas.pwm.pii.PiiScanner.standard(), Optional.empty(), -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("phraseWindow must be >= 0");
    }
}
