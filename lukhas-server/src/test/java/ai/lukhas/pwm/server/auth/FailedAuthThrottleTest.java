package ai.lukhas.pwm.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lukhas.pwm.server.config.LukhasConfig;
import ai.lukhas.pwm.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailedAuthThrottleTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));

    private FailedAuthThrottle throttle(double perSecond, int burst, int maxAddresses) {
        return FailedAuthThrottle.create(
                new LukhasConfig.Auth(new LukhasConfig.RateLimit(perSecond, burst), maxAddresses), clock);
    }

    @Test
    void anAddressIsRefusedOnceItsFailuresAreUsedUpAndAllowedAgainAfterTheRefill() {
        FailedAuthThrottle t = throttle(0.5, 3, 100);
        for (int i = 0; i < 3; i++) {
            t.check("10.0.0.1");
            t.recordFailure("10.0.0.1");
        }
        assertThatThrownBy(() -> t.check("10.0.0.1"))
                .isInstanceOfSatisfying(AccessControl.RateLimited.class, e -> assertThat(e.retryAfterSeconds())
                        .isEqualTo(2))
                .hasMessageContaining("too many failed authentications from 10.0.0.1");
        t.check("10.0.0.2");

        clock.advance(Duration.ofMillis(1_999));
        assertThat(t.secondsToWait("10.0.0.1")).contains(1L);
        clock.advance(Duration.ofMillis(1));
        assertThat(t.secondsToWait("10.0.0.1")).isEmpty();
    }

    @Test
    void memoryIsBoundedWhateverTheNumberOfAddresses() {
        FailedAuthThrottle t = throttle(1, 1, 100);
        for (int i = 0; i < 10_000; i++) {
            t.recordFailure("10.1." + (i / 256) + "." + (i % 256));
            assertThat(t.trackedAddresses()).isLessThanOrEqualTo(100);
        }
        // an address whose allowance has come back carries no state and is forgotten first
        clock.advance(Duration.ofSeconds(1));
        t.recordFailure("192.168.0.1");
        assertThat(t.trackedAddresses()).isLessThanOrEqualTo(100);
        t.recordFailure("192.168.0.2");
        assertThat(t.trackedAddresses()).isEqualTo(2);
    }
}
