package ai.lukhas.pwm.governance.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ResilientModerationProviderTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-04T12:00:00Z"));
    private final InstantSource clock = now::get;
    private final AtomicInteger calls = new AtomicInteger();

    private ModerationProvider remote(boolean flag) {
        return new ModerationProvider() {
            @Override
            public ModerationVerdict moderate(ModerationRequest r) {
                calls.incrementAndGet();
                return new ModerationVerdict(
                        "guard",
                        Map.of(ModerationCategory.VIOLENCE, flag ? 1.0 : 0.0),
                        flag ? EnumSet.of(ModerationCategory.VIOLENCE) : EnumSet.noneOf(ModerationCategory.class),
                        List.of());
            }

            @Override
            public String name() {
                return "guard";
            }
        };
    }

    private static ModerationRequest user(String text) {
        return new ModerationRequest(ContentKind.USER_INPUT, Optional.empty(), text, ModerationPreset.STANDARD);
    }

    private static RemoteModerationPolicy policy(RemoteModerationPolicy.OnFailure onFailure, Duration ttl) {
        return new RemoteModerationPolicy(Duration.ofMillis(150), onFailure, ttl, 100);
    }

    @Test
    void verdictsAreCachedPerTextUntilTheTtlPassesOnTheInjectedClock() throws Exception {
        ModerationProvider p = ModerationProvider.resilient(
                remote(true),
                policy(RemoteModerationPolicy.OnFailure.FAIL_CLOSED, Duration.ofSeconds(30)),
                ModerationProvider.local(),
                clock);
        p.moderate(user("same"));
        p.moderate(user("same"));
        assertThat(calls).hasValue(1);
        p.moderate(user("other"));
        assertThat(calls).hasValue(2);
        p.moderate(new ModerationRequest(ContentKind.USER_INPUT, Optional.empty(), "same", ModerationPreset.HIGH));
        assertThat(calls).as("another preset is another key").hasValue(3);
        now.set(now.get().plusSeconds(29));
        p.moderate(user("same"));
        assertThat(calls).hasValue(3);
        now.set(now.get().plusSeconds(1));
        p.moderate(user("same"));
        assertThat(calls).as("expired at the TTL").hasValue(4);
    }

    @Test
    void aTimeoutFailsClosedOrFallsBackToLocalAsConfigured() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ModerationProvider hanging = r -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new ModerationUnavailableException("late");
        };
        try {
            ModerationProvider closed = ModerationProvider.resilient(
                    hanging,
                    policy(RemoteModerationPolicy.OnFailure.FAIL_CLOSED, Duration.ZERO),
                    ModerationProvider.local(),
                    clock);
            assertThatThrownBy(() -> closed.moderate(user("hello")))
                    .isInstanceOf(ModerationProviderException.class)
                    .hasMessageContaining("did not answer within 150 ms");
            assertThat(Moderator.create(closed).userInput("hello", ModerationPreset.STANDARD))
                    .isInstanceOf(ModerationOutcome.ProviderFailed.class);

            ModerationProvider toLocal = ModerationProvider.resilient(
                    hanging,
                    policy(RemoteModerationPolicy.OnFailure.FALL_BACK_TO_LOCAL, Duration.ZERO),
                    ModerationProvider.local(),
                    clock);
            ModerationVerdict v = toLocal.moderate(user("I'm going to kill you tonight."));
            assertThat(v.flagged()).contains(ModerationCategory.VIOLENCE);
            assertThat(v.reasons()).anyMatch(r -> r.contains("unavailable, local verdict used"));
            assertThat(toLocal.moderate(user("hello")).flagged()).isEmpty();
        } finally {
            release.countDown();
        }
    }

    @Test
    void failuresAreNotCached() throws Exception {
        AtomicInteger n = new AtomicInteger();
        ModerationProvider flaky = r -> {
            if (n.incrementAndGet() == 1) {
                throw new ModerationUnavailableException("503");
            }
            return new ModerationVerdict("guard", Map.of(), EnumSet.noneOf(ModerationCategory.class), List.of());
        };
        ModerationProvider p = ModerationProvider.resilient(
                flaky,
                policy(RemoteModerationPolicy.OnFailure.FAIL_CLOSED, Duration.ofSeconds(30)),
                ModerationProvider.local(),
                clock);
        assertThatThrownBy(() -> p.moderate(user("x"))).hasMessage("503");
        assertThat(p.moderate(user("x")).flagged()).isEmpty();
        assertThat(n).hasValue(2);
    }

    @Test
    void thePolicyRejectsNonsense() {
        assertThatThrownBy(() -> new RemoteModerationPolicy(
                        Duration.ZERO, RemoteModerationPolicy.OnFailure.FAIL_CLOSED, Duration.ZERO, 0))
                .hasMessageContaining("timeout must be in (0, 60 s]");
        assertThatThrownBy(() -> RemoteModerationPolicy.OnFailure.parse("open"))
                .hasMessage("on_failure must be fail_closed or local, but was 'open'");
    }
}
