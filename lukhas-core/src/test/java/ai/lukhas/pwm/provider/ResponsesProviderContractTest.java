package ai.lukhas.pwm.provider;

import ai.lukhas.pwm.testing.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;

/** The contract over HTTP against a local server that speaks only the Responses API and answers like the offline provider. */
class ResponsesProviderContractTest extends LlmProviderContract {
    private final FakeUpstream upstream = new FakeUpstream().then(OfflineWire.responsesReply());
    private final MutableClock clock = new MutableClock(Instant.EPOCH);
    private final LlmProvider provider = LlmProvider.openAiCompatible(
            OpenAiCompatibleConfig.builder(upstream.baseUrl())
                    .apiKey("k")
                    .api(UpstreamApi.RESPONSES)
                    .build(),
            clock,
            clock::sleep,
            () -> 0);

    @Override
    LlmProvider provider() {
        return provider;
    }

    @AfterEach
    void stop() {
        provider.close();
        assertOnlyResponsesWasCalled();
        upstream.close();
    }

    private void assertOnlyResponsesWasCalled() {
        upstream.received.forEach(
                r -> org.assertj.core.api.Assertions.assertThat(r.path()).isEqualTo("/v1/responses"));
    }
}
