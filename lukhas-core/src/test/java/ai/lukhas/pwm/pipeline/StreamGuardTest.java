package ai.lukhas.pwm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.audit.Durability;
import ai.lukhas.pwm.governance.moderation.GuardWireServer;
import ai.lukhas.pwm.governance.moderation.ModerationCategory;
import ai.lukhas.pwm.governance.moderation.ModerationConfig;
import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.governance.moderation.Moderator;
import ai.lukhas.pwm.governance.moderation.OpenAiModerationSettings;
import ai.lukhas.pwm.governance.moderation.RemoteModerationPolicy;
import ai.lukhas.pwm.governance.moderation.StreamHold;
import ai.lukhas.pwm.provider.ChatDelta;
import ai.lukhas.pwm.provider.ChatRequest;
import ai.lukhas.pwm.provider.ChatStream;
import ai.lukhas.pwm.provider.FinishReason;
import ai.lukhas.pwm.provider.Usage;
import ai.lukhas.pwm.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A guard model (Llama Guard, against a local server speaking its wire protocol) on streamed output:
 * text leaves once the guard has passed it, waits at most the configured hold, and what happens when
 * the hold passes is the configured rule. Time is the fixture's clock, moved by the scripted model
 * between its chunks; the slow guard is a latch; nothing sleeps.
 */
class StreamGuardTest {
    /** Long in real time: a guard that answers is never cut by it; the tests that pass it move the clock. */
    private static final Duration HOLD = Duration.ofSeconds(20);

    /** A benign answer in three chunks. */
    private static final List<String> BENIGN = List.of("Tides are ", "caused by ", "the moon.");

    private static final List<String> CHUNKS =
            List.of("Tides are ", "caused by ", "the moon. ", "MARKER and ", "the sun too.");

    /** Opened by a test (or at its end) to let a slow guard answer. */
    private final CountDownLatch guardMayAnswer = new CountDownLatch(1);

    private GuardWireServer server;
    private Path dir;

    @AfterEach
    void stop() throws Exception {
        guardMayAnswer.countDown();
        if (server != null) {
            server.close();
        }
        if (dir != null) {
            PipelineFixture.deleteTree(dir);
        }
    }

    /**
     * The guard flags text with MARKER in it; {@code slow}: on the model's output (not the user's
     * question) it answers only once the latch opens.
     */
    private void startGuard(boolean slow) throws Exception {
        server = new GuardWireServer(text -> {
            if (slow && text.startsWith("Tides")) {
                try {
                    guardMayAnswer.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return text.contains("MARKER")
                    ? EnumSet.of(ModerationCategory.VIOLENCE)
                    : EnumSet.noneOf(ModerationCategory.class);
        });
    }

    private record Streamed(String released, GovernedResult result, PipelineFixture fixture) {}

    /** Streams {@link #CHUNKS}; {@code beforeChunk} runs before chunk i is handed out (i from 0). */
    private Streamed stream(StreamHold.OnExpiry onExpiry, List<String> chunks, BeforeChunk beforeChunk)
            throws Exception {
        PipelineFixture f = guarded(onExpiry, chunks, beforeChunk);
        StringBuilder released = new StringBuilder();
        GovernedResult r;
        try (GovernedStream s = f.stream("s-1", "What causes tides?")) {
            for (ChatDelta d : PipelineFixture.drain(s)) {
                if (d instanceof ChatDelta.Content c) {
                    released.append(c.text());
                }
            }
            r = s.result().orElseThrow();
        }
        return new Streamed(released.toString(), r, f);
    }

    /** The pipeline with the local rules and the guard, over a model that answers with {@code chunks}. */
    private PipelineFixture guarded(StreamHold.OnExpiry onExpiry, List<String> chunks, BeforeChunk beforeChunk)
            throws Exception {
        dir = Files.createTempDirectory("lukhas-stream-guard");
        return new PipelineFixture(
                dir,
                c -> new ChunkedModel(chunks, i -> beforeChunk.run(i, c)),
                ModerationProvider.local(),
                Durability.OS,
                (c, b) -> b.moderator(Moderator.withGuard(
                        ModerationProvider.local(),
                        ModerationProvider.resilient(
                                ModerationProvider.llamaGuard(new OpenAiModerationSettings(
                                        server.baseUrl(), Optional.empty(), "llama-guard3:8b", Duration.ofSeconds(20))),
                                new RemoteModerationPolicy(
                                        Duration.ofSeconds(20),
                                        RemoteModerationPolicy.OnFailure.FAIL_CLOSED,
                                        Duration.ZERO,
                                        0),
                                ModerationProvider.local(),
                                c),
                        new StreamHold(HOLD, onExpiry),
                        ModerationConfig.NONE)));
    }

    /** The stream completed with all of {@link #BENIGN} released and no incident. */
    private static void assertReleasedWhole(Streamed s) {
        assertThat(s.result().outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(s.released()).isEqualTo(String.join("", BENIGN));
        assertThat(s.result().incidents()).isEmpty();
    }

    /** For {@link #holdPassesAtChunk2}: no chunk lets the guard answer. */
    private static final int GUARD_NEVER_ANSWERS = -1;

    /**
     * The clock passes the hold while chunk 2 is read; the guard may answer from chunk {@code
     * guardAnswersAt} on (with {@link #CHUNKS}, 4 is where it sees MARKER).
     */
    private BeforeChunk holdPassesAtChunk2(int guardAnswersAt) {
        return (i, c) -> {
            if (i == 2) {
                c.advance(HOLD.plusMillis(1));
            }
            if (i == guardAnswersAt) {
                guardMayAnswer.countDown();
            }
        };
    }

    @FunctionalInterface
    private interface BeforeChunk {
        void run(int chunk, MutableClock clock);
    }

    @Test
    void aGuardThatAnswersInTimeReleasesBenignTextAndCutsBeforeWhatItFlags() throws Exception {
        startGuard(false);
        Streamed s = stream(StreamHold.OnExpiry.FAIL_CLOSED, CHUNKS, (i, c) -> {});

        assertThat(s.result().outcome()).isEqualTo(Outcome.CONTENT_FILTERED);
        assertThat(s.released()).doesNotContain("MARKER");
        assertThat("Tides are caused by the moon. ").startsWith(s.released());
        assertThat(s.result().incidents()).isNotEmpty();
        assertThat(server.requests).isNotEmpty();
    }

    @Test
    void benignTextIsReleasedWholeOnceTheGuardPassedIt() throws Exception {
        startGuard(false);
        Streamed s = stream(StreamHold.OnExpiry.FAIL_CLOSED, BENIGN, (i, c) -> {});

        assertReleasedWhole(s);
    }

    @Test
    void failClosedStopsTheStreamWhenTheHoldPassesWithoutAVerdict() throws Exception {
        startGuard(true);
        // the guard never answers in time: the clock passes the hold while chunk 1 is read
        Streamed s = stream(StreamHold.OnExpiry.FAIL_CLOSED, BENIGN, holdPassesAtChunk2(GUARD_NEVER_ANSWERS));

        assertThat(s.result().outcome()).isEqualTo(Outcome.CONTENT_FILTERED);
        assertThat(s.released()).isEmpty();
        assertThat(s.result().response().finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(s.result().incidents()).hasSize(1);
        assertThat(s.result().incidents().getFirst().detail()).contains("no verdict within the stream hold");
    }

    @Test
    void releaseOnLocalLetsTextGoWhenTheHoldPassesAndALateFlagStillCutsTheStream() throws Exception {
        startGuard(true);
        Streamed s = stream(StreamHold.OnExpiry.RELEASE_ON_LOCAL, CHUNKS, holdPassesAtChunk2(4));

        assertThat(s.released()).startsWith("Tides are caused by ");
        assertThat(s.result().outcome()).isEqualTo(Outcome.CONTENT_FILTERED);
        assertThat(s.result().response().finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(s.result().incidents()).isNotEmpty();
    }

    @Test
    void releaseOnLocalEndsNormallyWhenTheLateVerdictsPass() throws Exception {
        startGuard(true);
        Streamed s = stream(StreamHold.OnExpiry.RELEASE_ON_LOCAL, BENIGN, holdPassesAtChunk2(2));

        assertReleasedWhole(s);
    }

    @Test
    void theAuditOfAGuardedStreamRecordsItsHoldItsGuardCallsAndNothingReleasedOnTheLocalVerdict() throws Exception {
        startGuard(false);
        Streamed s = stream(StreamHold.OnExpiry.FAIL_CLOSED, BENIGN, (i, c) -> {});

        JsonNode request = s.fixture().bundle(s.result().auditId()).get("request");
        assertThat(request.get("stream_guard_max_hold_ms").asLong()).isEqualTo(HOLD.toMillis());
        assertThat(request.get("stream_guard_on_expiry").asText()).isEqualTo("fail_closed");
        assertThat(request.get("stream_guard_checks").asInt()).isBetween(1, server.requests.size());
        assertThat(request.get("stream_guard_released_on_local_chars").asInt()).isZero();
    }

    @Test
    void theAuditRecordsHowMuchLeftOnTheLocalVerdictWhenTheHoldPassed() throws Exception {
        startGuard(true);
        // the guard cannot answer before chunk 4: everything released before it left on the local verdict
        Streamed s = stream(StreamHold.OnExpiry.RELEASE_ON_LOCAL, CHUNKS, holdPassesAtChunk2(4));

        JsonNode request = s.fixture().bundle(s.result().auditId()).get("request");
        assertThat(request.get("stream_guard_on_expiry").asText()).isEqualTo("local");
        assertThat(request.get("stream_guard_released_on_local_chars").asInt())
                .isGreaterThanOrEqualTo("Tides are caused by ".length())
                .isLessThanOrEqualTo(s.released().length());
        assertThat(request.get("stream_guard_checks").asInt()).isPositive();
    }

    @Test
    void aPlainRequestIsJudgedWholeByTheGuardAndHasNoStreamHoldInItsAudit() throws Exception {
        startGuard(false);
        PipelineFixture f = guarded(StreamHold.OnExpiry.FAIL_CLOSED, CHUNKS, (i, c) -> {});
        try (f) {
            GovernedResult r = f.complete("s-1", "What causes tides?");

            assertThat(r.outcome()).isEqualTo(Outcome.CONTENT_FILTERED);
            assertThat(r.response().message().content()).hasValue("");
            JsonNode request = f.bundle(r.auditId()).get("request");
            assertThat(request.get("stream").asBoolean()).isFalse();
            assertThat(request.has("stream_guard_max_hold_ms")).isFalse();
            assertThat(request.has("stream_guard_on_expiry")).isFalse();
            assertThat(request.has("stream_guard_checks")).isFalse();
        }
    }

    /** Streams fixed chunks, running a hook before each (to move the clock or open the latch). */
    private record ChunkedModel(List<String> chunks, IntConsumer beforeChunk) implements TestModels.Streaming {
        @Override
        public String name() {
            return "chunked";
        }

        @Override
        public ChatStream stream(ChatRequest request) {
            List<ChatDelta> deltas = new ArrayList<>();
            deltas.add(new ChatDelta.Started("chunked-1", "chunked-model"));
            chunks.forEach(c -> deltas.add(new ChatDelta.Content(c)));
            deltas.add(new ChatDelta.Finished(FinishReason.STOP));
            deltas.add(new ChatDelta.UsageReport(new Usage(1, 1, 2)));
            int[] content = {0};
            return TestModels.deltas(deltas, d -> {
                if (d instanceof ChatDelta.Content) {
                    beforeChunk.accept(content[0]++);
                }
            });
        }
    }
}
