package ai.lukhas.pwm.provider;

import ai.lukhas.pwm.testing.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;

/**
 * The {@link LlmProviderContract} over HTTP: the OpenAI-compatible provider, speaking {@code api}, against
 * a local {@link FakeUpstream} that answers like the offline provider ({@code reply}).
 */
abstract class FakeUpstreamContract extends LlmProviderContract {
    final FakeUpstream upstream;
    private final LlmProvider provider;

    FakeUpstreamContract(FakeUpstream.Reply reply, UpstreamApi api) {
        upstream = new FakeUpstream().then(reply);
        MutableClock clock = new MutableClock(Instant.EPOCH);
        provider = LlmProvider.openAiCompatible(
                OpenAiCompatibleConfig.builder(upstream.baseUrl())
                        .apiKey("k")
                        .api(api)
                        .build(),
                clock,
                clock::sleep,
                () -> 0);
    }

    @Override
    LlmProvider provider() {
        return provider;
    }

    @AfterEach
    void stop() {
        provider.close();
        upstream.close();
    }
}
