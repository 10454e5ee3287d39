package ai.lukhas.pwm.provider;

import ai.lukhas.pwm.testing.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;

/**
 * The OpenAI-compatible provider against a real local {@link FakeUpstream}, with a test key and a test
 * clock it waits on; every provider a test builds is closed after it. Each wire's test class extends
 * this and says which wire in {@link #config()}.
 */
abstract class ProviderOverHttp {
    static final String KEY = "sk-test-0123456789abcdefSECRET";
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    final FakeUpstream upstream = new FakeUpstream();
    final MutableClock clock = new MutableClock(T0);
    private final List<LlmProvider> providers = new ArrayList<>();

    @AfterEach
    void stop() {
        providers.forEach(LlmProvider::close);
        upstream.close();
    }

    /** The configuration every provider of the test starts from: this upstream with {@link #KEY}. */
    OpenAiCompatibleConfig.Builder config() {
        return OpenAiCompatibleConfig.builder(upstream.baseUrl()).apiKey(KEY);
    }

    LlmProvider provider(OpenAiCompatibleConfig.Builder config) {
        LlmProvider p = LlmProvider.openAiCompatible(config.build(), clock, clock::sleep, () -> 0.5);
        providers.add(p);
        return p;
    }

    LlmProvider provider() {
        return provider(config());
    }

    /** Every delta of {@code s}, read to its end; the stream is closed after. */
    static List<ChatDelta> deltas(ChatStream s) {
        List<ChatDelta> deltas = new ArrayList<>();
        try (s) {
            for (Optional<ChatDelta> d = s.next(); d.isPresent(); d = s.next()) {
                deltas.add(d.get());
            }
        }
        return deltas;
    }
}
