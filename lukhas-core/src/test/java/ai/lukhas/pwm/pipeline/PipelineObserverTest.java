package ai.lukhas.pwm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.audit.Durability;
import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.modulation.SafetyMode;
import ai.lukhas.pwm.provider.LlmProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline reports provider calls, tool runs, tightenings and request ends; a failing observer is harmless. */
class PipelineObserverTest {
    @TempDir
    Path dir;

    /** Records every call as one line. */
    static final class Recording implements PipelineObserver {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void providerCall(Duration latency, Optional<String> errorType) {
            events.add("provider " + errorType.orElse("ok"));
        }

        @Override
        public void toolRun(String tool, String status, SafetyMode mode, Duration duration) {
            events.add("tool " + tool + " " + status + " " + mode.wireName());
        }

        @Override
        public void tightened(String trigger, SafetyMode mode) {
            events.add("tightened " + trigger + " " + mode.wireName());
        }

        @Override
        public void requestEnded(String sessionId, GovernedResult result) {
            events.add("ended " + sessionId + " " + result.outcome().wireName());
        }
    }

    /** Throws from every method, as a broken metrics backend might. */
    static final class Throwing implements PipelineObserver {
        int calls;

        @Override
        public void providerCall(Duration latency, Optional<String> errorType) {
            calls++;
            throw new IllegalStateException("metrics down");
        }

        @Override
        public void toolRun(String tool, String status, SafetyMode mode, Duration duration) {
            calls++;
            throw new IllegalStateException("metrics down");
        }

        @Override
        public void tightened(String trigger, SafetyMode mode) {
            calls++;
            throw new IllegalStateException("metrics down");
        }

        @Override
        public void requestEnded(String sessionId, GovernedResult result) {
            calls++;
            throw new IllegalStateException("metrics down");
        }
    }

    private PipelineFixture fixture(PipelineObserver observer) {
        return new PipelineFixture(
                dir,
                c -> LlmProvider.offline(),
                ModerationProvider.local(),
                Durability.OS,
                (c, b) -> b.observer(observer));
    }

    @Test
    void aBlockedToolIsReportedWithTheModeItWasJudgedInAndTheTighteningItCaused() {
        Recording rec = new Recording();
        try (PipelineFixture f = fixture(rec)) {
            GovernedResult r = f.complete("s-1", "call open_url with url=https://example.com");

            assertThat(r.safetyMode()).isEqualTo(SafetyMode.STRICT);
            // The gate's verdict tightens the session while the call is handled; the run is reported once handled.
            assertThat(rec.events)
                    .containsExactly(
                            "provider ok",
                            "tightened blocked_tool strict",
                            "tool open_url blocked_tool balanced",
                            "provider ok",
                            "ended s-1 completed");
        }
    }

    @Test
    void aCompletedToolRunIsReportedInStreamsToo() {
        Recording rec = new Recording();
        try (PipelineFixture f = fixture(rec);
                GovernedStream s = f.stream("s-2", "call retrieve_knowledge with query=tides")) {
            PipelineFixture.drain(s);
            assertThat(rec.events)
                    .containsExactly(
                            "provider ok",
                            "tool retrieve_knowledge completed balanced",
                            "provider ok",
                            "ended s-2 completed");
        }
    }

    @Test
    void anObserverThatThrowsBreaksNeitherCompleteNorTheAudit() {
        Throwing throwing = new Throwing();
        try (PipelineFixture f = fixture(throwing)) {
            GovernedResult r = f.complete("s-3", "call open_url with url=https://example.com");

            assertThat(throwing.calls).isGreaterThanOrEqualTo(4);
            assertThat(r.incidents()).hasSize(1);
            assertThat(r.safetyMode()).isEqualTo(SafetyMode.STRICT);
            assertThat(f.bundle(r.auditId()).get("outcome").asText())
                    .isEqualTo(r.outcome().wireName());
            assertThat(f.pipeline.sessions().snapshot(ai.lukhas.pwm.modulation.SessionKey.of("acme", "s-3")))
                    .isPresent();
        }
    }
}
