package ai.lukhas.pwm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.audit.Durability;
import ai.lukhas.pwm.governance.moderation.ContentKind;
import ai.lukhas.pwm.governance.moderation.ModerationConfig;
import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.governance.moderation.ModerationProviderException;
import ai.lukhas.pwm.governance.moderation.ModerationRequest;
import ai.lukhas.pwm.governance.moderation.ModerationVerdict;
import ai.lukhas.pwm.governance.moderation.Moderator;
import ai.lukhas.pwm.governance.moderation.StreamHold;
import ai.lukhas.pwm.provider.ChatDelta;
import ai.lukhas.pwm.provider.ChatRequest;
import ai.lukhas.pwm.provider.ChatStream;
import ai.lukhas.pwm.provider.FinishReason;
import ai.lukhas.pwm.provider.Usage;
import ai.lukhas.pwm.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fail-closed guard hold that runs out exactly while the model finishes its answer (after its
 * last text, before the step ends) cuts the stream once: one {@code content_filter} finish, nothing
 * released, one incident. Time is the fixture's clock, moved by the scripted model when it sends its
 * finish; the guard that never answers in time is a latch; nothing sleeps. Written against the PIT
 * survivor of {@code RequestDriver.release}'s expired branch at a step's end (docs/quality.md).
 */
class GuardHoldExpiresAtStepEndTest {
    private static final Duration HOLD = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** Opened at the end of the test: the guard's verdict on the model's output comes only then. */
    private final CountDownLatch guardMayAnswer = new CountDownLatch(1);

    @AfterEach
    void openLatch() {
        guardMayAnswer.countDown();
    }

    @Test
    void aFailClosedHoldThatExpiresAsTheModelFinishesCutsTheStreamOnce() {
        ModerationProvider slowGuard = new ModerationProvider() {
            @Override
            public String name() {
                return "slow-guard";
            }

            @Override
            public ModerationVerdict moderate(ModerationRequest request) throws ModerationProviderException {
                if (request.kind() == ContentKind.FINAL_OUTPUT) {
                    try {
                        guardMayAnswer.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return ModerationProvider.local().moderate(request);
            }
        };
        try (PipelineFixture f = new PipelineFixture(
                        dir,
                        FinishingLate::new,
                        ModerationProvider.local(),
                        Durability.OS,
                        (c, b) -> b.moderator(Moderator.withGuard(
                                ModerationProvider.local(),
                                slowGuard,
                                new StreamHold(HOLD, StreamHold.OnExpiry.FAIL_CLOSED),
                                ModerationConfig.NONE)));
                GovernedStream s = f.stream("s-1", "What causes tides?")) {
            List<ChatDelta> deltas = PipelineFixture.drain(s);
            GovernedResult r = s.result().orElseThrow();

            assertThat(r.outcome()).isEqualTo(Outcome.CONTENT_FILTERED);
            assertThat(PipelineFixture.text(deltas)).isEmpty();
            assertThat(deltas.stream().filter(d -> d instanceof ChatDelta.Finished))
                    .singleElement()
                    .isEqualTo(new ChatDelta.Finished(FinishReason.CONTENT_FILTER));
            assertThat(r.incidents()).singleElement().satisfies(i -> assertThat(i.detail())
                    .contains("no verdict within the stream hold"));
            JsonNode bundle = f.bundle(r.auditId());
            assertThat(bundle.get("outcome").asText()).isEqualTo("content_filtered");
            // the audit names the guard that gave no verdict
            assertThat(bundle.at("/moderation/verdicts"))
                    .filteredOn(v -> v.get("result").asText().equals("provider_failed"))
                    .singleElement()
                    .satisfies(v -> assertThat(v.get("provider").asText()).isEqualTo("slow-guard"));
        }
    }

    /** Streams a benign answer; the clock passes the hold when the model sends its finish. */
    private record FinishingLate(MutableClock clock) implements TestModels.Streaming {
        @Override
        public String name() {
            return "finishing-late";
        }

        @Override
        public ChatStream stream(ChatRequest request) {
            return TestModels.deltas(
                    List.of(
                            new ChatDelta.Started("late-1", "late-model"),
                            new ChatDelta.Content("Tides are "),
                            new ChatDelta.Content("caused by "),
                            new ChatDelta.Content("the moon."),
                            new ChatDelta.Finished(FinishReason.STOP),
                            new ChatDelta.UsageReport(new Usage(1, 1, 2))),
                    d -> {
                        if (d instanceof ChatDelta.Finished) {
                            clock.advance(HOLD.plusMillis(1));
                        }
                    });
        }
    }
}
