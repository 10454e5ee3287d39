package ai.lukhas.pwm.governance.incident;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.modulation.SessionKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link EscalationHolds} store does; each implementation's test extends this. */
abstract class EscalationHoldsContract {
    static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");
    static final SessionKey ORIGIN = SessionKey.of("t1", "s1");

    abstract EscalationHolds store();

    static Hold hold(HoldScope scope, Instant at, Duration lasts) {
        return new Hold(scope, at, at.plus(lasts), "aud", IncidentKind.BLOCKED_TOOL, ORIGIN);
    }

    @Test
    void aPlacedHoldIsActiveUntilItsEnd() {
        EscalationHolds holds = store();
        HoldScope s = new HoldScope.Session(ORIGIN);
        holds.place(hold(s, T0, Duration.ofMinutes(10)));
        assertThat(holds.active(List.of(s), T0.plusSeconds(599))).hasSize(1);
        assertThat(holds.active(List.of(s), T0.plusSeconds(600))).isEmpty();
    }

    @Test
    void theLongerHoldWinsAndAShorterOneNeverCutsItShort() {
        EscalationHolds holds = store();
        HoldScope u = new HoldScope.User("t1", "alice");
        holds.place(hold(u, T0, Duration.ofMinutes(30)));
        holds.place(hold(u, T0.plusSeconds(60), Duration.ofMinutes(1)));
        assertThat(holds.active(List.of(u), T0.plusSeconds(1000)))
                .singleElement()
                .satisfies(h -> assertThat(h.until()).isEqualTo(T0.plus(Duration.ofMinutes(30))));
    }

    @Test
    void scopesAreDistinctByTenant() {
        EscalationHolds holds = store();
        holds.place(hold(new HoldScope.Session(SessionKey.of("t2", "s")), T0, Duration.ofMinutes(10)));
        holds.place(hold(new HoldScope.User("t2", "alice"), T0, Duration.ofMinutes(10)));
        assertThat(holds.active(
                        List.of(new HoldScope.Session(SessionKey.of("t1", "s")), new HoldScope.User("t1", "alice")),
                        T0))
                .isEmpty();
    }

    @Test
    void manyHoldsNeverEvictAnActiveOneAndExpiredOnesAreSwept() {
        EscalationHolds holds = store();
        HoldScope victim = new HoldScope.Session(SessionKey.of("t2", "s-victim"));
        holds.place(hold(victim, T0, Duration.ofMinutes(10)));
        for (int i = 0; i < 150_000; i++) {
            holds.place(hold(new HoldScope.Session(SessionKey.of("t1", "s" + i)), T0, Duration.ofSeconds(5)));
        }
        assertThat(holds.active(List.of(victim), T0.plusSeconds(60))).hasSize(1);
        holds.place(hold(new HoldScope.Key("k"), T0.plusSeconds(60), Duration.ofMinutes(1)));
        assertThat(holds.size()).isEqualTo(2);
    }

    @Test
    void releaseRemovesTheHold() {
        EscalationHolds holds = store();
        HoldScope s = new HoldScope.Session(ORIGIN);
        holds.place(hold(s, T0, Duration.ofMinutes(10)));
        assertThat(holds.release(s, T0.plusSeconds(1))).isPresent();
        assertThat(holds.active(List.of(s), T0.plusSeconds(1))).isEmpty();
        assertThat(holds.release(s, T0.plusSeconds(1))).isEmpty();
    }
}
