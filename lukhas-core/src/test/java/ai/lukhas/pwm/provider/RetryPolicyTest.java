package ai.lukhas.pwm.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    @Property
    void backoffGrowsUntilTheCapAndJitterOnlyShortensIt(
            @ForAll @IntRange(min = 1, max = 30) int attempt,
            @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double random,
            @ForAll @DoubleRange(min = 0, max = 1) double jitter) {
        RetryPolicy p =
                new RetryPolicy(10, Duration.ofMillis(200), Duration.ofSeconds(5), 2.0, jitter, Duration.ofMinutes(1));
        Duration noJitter = p.backoff(attempt, 0);
        Duration jittered = p.backoff(attempt, random);
        assertThat(noJitter).isLessThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(noJitter).isLessThanOrEqualTo(p.backoff(attempt + 1, 0));
        assertThat(jittered).isLessThanOrEqualTo(noJitter);
        assertThat(jittered.toNanos()).isGreaterThanOrEqualTo((long) (noJitter.toNanos() * (1 - jitter)) - 1);
    }

    @Test
    void invalidSettingsAreNamed() {
        assertThatThrownBy(() ->
                        new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 0, Duration.ofSeconds(1)))
                .hasMessage("retry maxAttempts must be >= 1, but was 0");
        assertThatThrownBy(() ->
                        new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0, Duration.ofSeconds(1)))
                .hasMessage("retry maxBackoff must be >= initialBackoff (PT2S), but was PT1S");
        assertThatThrownBy(() ->
                        new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 1.5, Duration.ofSeconds(1)))
                .hasMessage("retry jitter must be a number in [0.0, 1.0], but was 1.5");
        assertThatThrownBy(() ->
                        new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(1), 0.5, 0, Duration.ofSeconds(1)))
                .hasMessage("retry multiplier must be a finite number >= 1, but was 0.5");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 0, Duration.ZERO))
                .hasMessage("retry totalDeadline must be a positive duration, but was PT0S");
    }
}
