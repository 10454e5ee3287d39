package ai.lukhas.pwm.provider;

import ai.lukhas.pwm.testing.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;

/** The contract over HTTP: a local Chat Completions server that answers like the offline provider. */
class OpenAiCompatibleProviderContractTest extends LlmProviderContract {
    private final FakeUpstream upstream = new FakeUpstream().then(OfflineWire.reply());
    private final MutableClock clock = new MutableClock(Instant.EPOCH);
    private final LlmProvider provider = LlmProvider.openAiCompatible(
            OpenAiCompatibleConfig.builder(upstream.baseUrl()).apiKey("k").build(), clock, clock::sleep, () -> 0);

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
