package ai.lukhas.pwm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.audit.Durability;
import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.provider.ChatRequest;
import ai.lukhas.pwm.provider.ChatResponse;
import ai.lukhas.pwm.provider.ChatStream;
import ai.lukhas.pwm.provider.LlmProvider;
import ai.lukhas.pwm.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 item 7: the gateway's overhead is its own time with the upstream waits taken out. Time is
 * the injected clock: the upstream "takes" 400 ms per call and each moderation 3 ms, so the audit
 * bundle's figures are exact, whatever the machine does.
 */
class OverheadAccountingTest {
    private static final Duration UPSTREAM = Duration.ofMillis(400);
    private static final Duration MODERATION = Duration.ofMillis(3);

    @TempDir
    Path dir;

    /** The offline model, taking {@link #UPSTREAM} of clock time to answer (each stream delta too). */
    private static LlmProvider slow(MutableClock clock) {
        return new TestModels.Forwarding(LlmProvider.offline(1_000)) {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public ChatResponse complete(ChatRequest request) {
                clock.advance(UPSTREAM);
                return delegate.complete(request);
            }

            @Override
            public ChatStream stream(ChatRequest request) {
                clock.advance(UPSTREAM);
                return new TestModels.ForwardingStream(delegate.stream(request)) {
                    @Override
                    public java.util.Optional<ai.lukhas.pwm.provider.ChatDelta> next() {
                        clock.advance(UPSTREAM);
                        return inner.next();
                    }
                };
            }
        };
    }

    @Test
    void theUpstreamsTimeIsNotTheGatewaysOverheadPlainOrStreamed() {
        AtomicReference<MutableClock> clock = new AtomicReference<>();
        ModerationProvider timed = request -> {
            clock.get().advance(MODERATION);
            return ModerationProvider.local().moderate(request);
        };
        try (PipelineFixture f = new PipelineFixture(
                dir,
                c -> {
                    clock.set(c);
                    return slow(c);
                },
                timed,
                Durability.OS,
                (c, b) -> b)) {
            GovernedResult plain = f.complete("s-1", "hello");
            // one model call; the overhead is exactly the moderations' clock time
            long moderations = moderations(f);
            assertThat(moderations).isGreaterThanOrEqualTo(2);
            assertThat(plain.upstreamTime()).isEqualTo(UPSTREAM);
            assertThat(f.bundle(plain.auditId()).at("/request/upstream_ms").asDouble())
                    .isEqualTo(400.0);
            assertThat(f.bundle(plain.auditId()).at("/request/overhead_ms").asDouble())
                    .isEqualTo((double) moderations * MODERATION.toMillis());

            GovernedResult streamed;
            try (GovernedStream s = f.stream("s-2", "hello")) {
                PipelineFixture.drain(s);
                streamed = s.result().orElseThrow();
            }
            long upstreamMs =
                    f.bundle(streamed.auditId()).at("/request/upstream_ms").asLong();
            assertThat(streamed.upstreamTime().toMillis()).isEqualTo(upstreamMs);
            assertThat(upstreamMs)
                    .isGreaterThanOrEqualTo(2 * UPSTREAM.toMillis())
                    .isEqualTo(upstreamMs / 400 * 400);
            double overhead =
                    f.bundle(streamed.auditId()).at("/request/overhead_ms").asDouble();
            assertThat(overhead).isEqualTo((double) (moderations(f) - moderations) * MODERATION.toMillis());
        }
    }

    private static long moderations(PipelineFixture f) {
        return f.events.stream().filter(e -> e.startsWith("moderate:")).count();
    }
}
