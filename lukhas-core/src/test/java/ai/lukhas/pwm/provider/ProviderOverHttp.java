package ai.lukhas.pwm.provider;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI-compatible provider against a real local {@link FakeUpstream}, with a test key and a test
 * clock it waits on; every provider a test builds is closed after it. Each wire's test class extends
 * this, says which wire in {@link #config()}, and runs the tests here that every wire passes.
 */
abstract class ProviderOverHttp {
    static final String KEY = "sk-test-0123456789abcdefSECRET";
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    final FakeUpstream upstream = new FakeUpstream();
    final MutableClock clock = new MutableClock(T0);
    private final List<LlmProvider> providers = new ArrayList<>();
    /** A plain answer, "Tides follow the moon.", as this wire's upstream writes it. */
    private final String plainAnswer;
    /** The path this wire's requests go to. */
    private final String path;

    ProviderOverHttp(String plainAnswer, String path) {
        this.plainAnswer = plainAnswer;
        this.path = path;
    }

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

    @Test
    void rateLimitedWithRetryAfterSecondsWaitsExactlyThatLongThenSucceeds() {
        upstream.then(FakeUpstream.status(
                        429, Map.of("Retry-After", "7"), "{\"error\":{\"message\":\"Rate limit reached\"}}"))
                .then(FakeUpstream.ok(plainAnswer));

        ChatResponse response =
                provider().complete(ChatRequest.builder("m").user("x").build());

        assertThat(response.message().content()).contains("Tides follow the moon.");
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(7));
        assertThat(upstream.received).hasSize(2).allMatch(q -> q.path().equals(path));
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
