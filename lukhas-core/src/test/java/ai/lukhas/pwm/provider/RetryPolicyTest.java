package ai.lukhas.pwm.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @ParameterizedTest(name = "{6}")
    @CsvSource(delimiter = '|', textBlock = """
            # maxAttempts | initialBackoff | maxBackoff | multiplier | jitter | totalDeadline | message
            0 | PT1S | PT1S | 2   | 0   | PT1S | retry maxAttempts must be >= 1, but was 0
            3 | PT2S | PT1S | 2   | 0   | PT1S | retry maxBackoff must be >= initialBackoff (PT2S), but was PT1S
            3 | PT1S | PT1S | 2   | 1.5 | PT1S | retry jitter must be a number in [0.0, 1.0], but was 1.5
            3 | PT1S | PT1S | 0.5 | 0   | PT1S | retry multiplier must be a finite number >= 1, but was 0.5
            3 | PT1S | PT1S | 2   | 0   | PT0S | retry totalDeadline must be a positive duration, but was PT0S
            """)
    void invalidSettingsAreNamed(
            int maxAttempts,
            Duration initialBackoff,
            Duration maxBackoff,
            double multiplier,
            double jitter,
            Duration totalDeadline,
            String message) {
        assertThatThrownBy(() ->
                        new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier, jitter, totalDeadline))
                .hasMessage(message);
    }
}
