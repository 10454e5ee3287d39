package ai.lukhas.pwm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.governance.moderation.ContentKind;
import ai.lukhas.pwm.governance.moderation.ModerationOutcome;
import ai.lukhas.pwm.governance.moderation.ModerationVerdict;
import ai.lukhas.pwm.governance.moderation.StreamHold;
import ai.lukhas.pwm.testing.MutableClock;
import ai.lukhas.pwm.text.GrowingText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The driver offers the guard hold its growing text itself (not a copy per check): a guard call started
 * later, when the call before it returns, must still judge the text as it was when the local rules passed
 * it and it was offered, not the text that has arrived since (which no local check has passed yet), and it
 * covers exactly the limit offered with it.
 */
class GuardHoldGrowingTextTest {
    private static ModerationOutcome passed() {
        return new ModerationOutcome.Passed(
                ContentKind.FINAL_OUTPUT,
                Optional.empty(),
                new ModerationVerdict("guard", Map.of(), Set.of(), List.of()));
    }

    @Test
    void aGuardCallStartedLaterJudgesTheTextAsItWasOffered() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-05T12:00:00Z"));
        List<String> asked = new ArrayList<>();
        List<CompletableFuture<ModerationOutcome>> calls = new ArrayList<>();
        GuardHold hold =
                new GuardHold(new StreamHold(Duration.ofSeconds(5), StreamHold.OnExpiry.FAIL_CLOSED), clock, text -> {
                    asked.add(text);
                    CompletableFuture<ModerationOutcome> call = new CompletableFuture<>();
                    calls.add(call);
                    return call;
                });
        GrowingText text = new GrowingText();

        text.append("Tides ");
        assertThat(hold.offer(text, 6)).isEqualTo(new GuardHold.Decision.Release(0, false));
        text.append("follow the ");
        assertThat(hold.offer(text, 17)).isEqualTo(new GuardHold.Decision.Release(0, false));
        // more text arrives that no local check has passed yet (the release rule held it, nothing offered)
        text.append("moo");
        calls.get(0).complete(passed());

        assertThat(hold.decide()).isEqualTo(new GuardHold.Decision.Release(6, false));
        assertThat(asked).containsExactly("Tides ", "Tides follow the ");
        calls.get(1).complete(passed());
        assertThat(hold.decide()).isEqualTo(new GuardHold.Decision.Release(17, false));
        assertThat(asked).hasSize(2);
    }
}
