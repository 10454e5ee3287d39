package ai.lukhas.pwm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.audit.Durability;
import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.provider.ChatDelta;
import ai.lukhas.pwm.provider.ChatRequest;
import ai.lukhas.pwm.provider.ChatResponse;
import ai.lukhas.pwm.provider.ChatStream;
import ai.lukhas.pwm.provider.FakeUpstream;
import ai.lukhas.pwm.provider.LlmProvider;
import ai.lukhas.pwm.provider.ProviderException;
import ai.lukhas.pwm.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The time a request waited for an upstream that then failed is upstream time, not the gateway's
 * overhead: the audit's {@code upstream_ms} counts it whether the model call failed when it was
 * opened or while it was read. Written against the PIT survivors of {@code RequestDriver.openStep}
 * and {@code readStep} (docs/quality.md).
 */
class ProviderFailureUpstreamTimeTest {
    /** How long the upstream took to fail, on the fixture's clock. */
    private static final Duration FAILING = Duration.ofMillis(300);

    @TempDir
    Path dir;

    /** {@code delegate}, but every call that fails takes {@link #FAILING} on {@code clock} first. */
    private static LlmProvider slowToFail(LlmProvider delegate, MutableClock clock) {
        return new TestModels.Forwarding(delegate) {
            @Override
            public ChatResponse complete(ChatRequest request) {
                try {
                    return delegate.complete(request);
                } catch (ProviderException e) {
                    clock.advance(FAILING);
                    throw e;
                }
            }

            @Override
            public ChatStream stream(ChatRequest request) {
                ChatStream inner;
                try {
                    inner = delegate.stream(request);
                } catch (ProviderException e) {
                    clock.advance(FAILING);
                    throw e;
                }
                return new TestModels.ForwardingStream(inner) {
                    @Override
                    public Optional<ChatDelta> next() {
                        try {
                            return inner.next();
                        } catch (ProviderException e) {
                            clock.advance(FAILING);
                            throw e;
                        }
                    }
                };
            }
        };
    }

    private PipelineFixture fixture(FakeUpstream upstream) {
        return new PipelineFixture(
                dir,
                clock -> slowToFail(upstream.provider(clock), clock),
                ModerationProvider.local(),
                Durability.OS,
                (c, b) -> b);
    }

    @Test
    void aModelCallRefusedWhenItWasOpenedCountsItsWaitAsUpstreamTime() {
        try (FakeUpstream upstream = new FakeUpstream()) {
            upstream.then(FakeUpstream.status(400, "{\"error\":{\"message\":\"bad request\"}}"));
            try (PipelineFixture f = fixture(upstream)) {
                GovernedResult r = f.complete("s-1", "Tell me about tides");

                assertThat(r.outcome()).isEqualTo(Outcome.PROVIDER_ERROR);
                assertThat(r.upstreamTime()).isEqualTo(FAILING);
                JsonNode request = f.bundle(r.auditId()).get("request");
                assertThat(request.get("upstream_ms").asDouble()).isEqualTo(300.0);
                assertThat(request.get("overhead_ms").asDouble()).isZero();
            }
        }
    }

    @Test
    void aStreamThatBreaksOffWhileItIsReadCountsItsWaitAsUpstreamTime() {
        try (FakeUpstream upstream = new FakeUpstream()) {
            upstream.then(FakeUpstream.cutSse(GovernedPipelineEndToEndTest.content("Tides follow the moon. ")));
            try (PipelineFixture f = fixture(upstream);
                    GovernedStream s = f.stream("s-1", "Tell me about tides")) {
                PipelineFixture.drain(s);
                GovernedResult r = s.result().orElseThrow();

                assertThat(r.outcome()).isEqualTo(Outcome.PROVIDER_ERROR);
                assertThat(r.upstreamTime()).isEqualTo(FAILING);
                JsonNode request = f.bundle(r.auditId()).get("request");
                assertThat(request.get("upstream_ms").asDouble()).isEqualTo(300.0);
                assertThat(request.get("overhead_ms").asDouble()).isZero();
            }
        }
    }
}
