package ai.lukhas.pwm.governance.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.modulation.ModulatedParams;
import ai.lukhas.pwm.modulation.ModulationPolicy;
import ai.lukhas.pwm.modulation.Modulator;
import ai.lukhas.pwm.modulation.SafetyMode;
import ai.lukhas.pwm.modulation.SessionKey;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.modulation.StyleDeltas;
import ai.lukhas.pwm.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Escalation holds and their scopes (issue 15, items 1 and 2), on the injected clock. */
class EscalationTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));
    private final Modulator modulator = Modulator.create(ModulationPolicy.loadDefault(), clock, Flags.fixed(Map.of()));

    private Escalation escalation(EscalationSettings settings) {
        return Escalation.create(modulator, EscalationHolds.inMemory(), IncidentWindows.inMemory(), settings, clock);
    }

    private static EscalationSubject subject(String tenant, String session, String user, String key) {
        return new EscalationSubject(SessionKey.of(tenant, session), Optional.ofNullable(user), key);
    }

    private SafetyMode mode(Escalation e, EscalationSubject s) {
        return e.modulate(s, StyleDeltas.NONE).params().safetyMode();
    }

    @Test
    void clientCannotLowerAlignmentRiskAfterIncident() {
        Escalation e = escalation(EscalationSettings.DEFAULT);
        EscalationSubject s = subject("t1", "s1", null, "k1");
        e.escalate(s, "aud_1", IncidentKind.BLOCKED_TOOL);

        modulator.record(s.session(), SignalInput.of("alignment_risk", 0.0, "client"));
        modulator.record(s.session(), SignalInput.of("trust", 1.0, "client"));
        modulator.record(s.session(), SignalInput.of("novelty", 1.0, "client"));

        ModulatedParams p = e.modulate(s, StyleDeltas.NONE).params();
        assertThat(p.safetyMode()).isEqualTo(SafetyMode.STRICT);
        assertThat(p.toolAllowlist()).containsExactly("retrieval");
        assertThat(p.temperature()).isLessThanOrEqualTo(0.15 + 1e-9);
        assertThat(e.modulate(s, StyleDeltas.NONE)
                        .trace()
                        .parameter("safety_mode")
                        .orElseThrow()
                        .notes())
                .singleElement()
                .asString()
                .contains("escalation hold (session scope) after blocked_tool");
    }

    @Test
    void theHoldEndsAtItsExpiryOnTheInjectedClock() {
        Escalation e = escalation(EscalationSettings.DEFAULT);
        EscalationSubject s = subject("t1", "s1", null, "k1");
        e.escalate(s, "aud_1", IncidentKind.FLAGGED_INPUT);
        clock.advance(Duration.ofMinutes(10).minusMillis(1));
        assertThat(mode(e, s)).isEqualTo(SafetyMode.STRICT);
        clock.advance(Duration.ofMillis(1));
        assertThat(mode(e, s)).isEqualTo(SafetyMode.BALANCED);
        assertThat(e.holdsOn(s)).isEmpty();
    }

    @Test
    void aLaterIncidentExtendsTheHold() {
        Escalation e = escalation(EscalationSettings.DEFAULT);
        EscalationSubject s = subject("t1", "s1", null, "k1");
        e.escalate(s, "aud_1", IncidentKind.FLAGGED_INPUT);
        clock.advance(Duration.ofMinutes(8));
        e.escalate(s, "aud_2", IncidentKind.BLOCKED_TOOL);
        clock.advance(Duration.ofMinutes(9));
        assertThat(mode(e, s)).isEqualTo(SafetyMode.STRICT);
        assertThat(e.holdsOn(s)).singleElement().satisfies(h -> assertThat(h.auditId())
                .isEqualTo("aud_2"));
    }

    @Test
    void newSessionIdOfSameUserStartsStrictDuringHold() {
        Escalation e = escalation(EscalationSettings.DEFAULT);
        e.escalate(subject("t1", "s1", "alice", "k1"), "aud_1", IncidentKind.BLOCKED_TOOL);

        assertThat(mode(e, subject("t1", "s-fresh", "alice", "k2"))).isEqualTo(SafetyMode.STRICT);
        assertThat(mode(e, subject("t1", "s-fresh", "bob", "k1")))
                .as("another user of the same key is not held by alice's hold")
                .isEqualTo(SafetyMode.BALANCED);
        assertThat(mode(e, subject("t2", "s-fresh", "alice", "k3")))
                .as("a user id of another tenant is another user")
                .isEqualTo(SafetyMode.BALANCED);
        clock.advance(Duration.ofMinutes(10));
        assertThat(mode(e, subject("t1", "s-other", "alice", "k1"))).isEqualTo(SafetyMode.BALANCED);
    }

    @Test
    void requestsWithoutAUserIdShareNoUserScope() {
        Escalation e = escalation(EscalationSettings.DEFAULT);
        assertThat(e.escalate(subject("t1", "s1", null, "k1"), "aud_1", IncidentKind.BLOCKED_TOOL))
                .extracting(h -> h.scope().wireName())
                .containsExactly("session");
        assertThat(mode(e, subject("t1", "s2", null, "k1"))).isEqualTo(SafetyMode.BALANCED);
    }

    @Test
    void withTheUserScopeOffOnlyTheSessionIsHeld() {
        Escalation e =
                escalation(new EscalationSettings(Duration.ofMinutes(10), false, false, 5, Duration.ofMinutes(10)));
        e.escalate(subject("t1", "s1", "alice", "k1"), "aud_1", IncidentKind.BLOCKED_TOOL);
        assertThat(mode(e, subject("t1", "s1", "alice", "k1"))).isEqualTo(SafetyMode.STRICT);
        assertThat(mode(e, subject("t1", "s2", "alice", "k1"))).isEqualTo(SafetyMode.BALANCED);
    }

    @Test
    void keyScopeHoldsEverySessionOfTheKeyAfterNIncidentsWithinTheWindow() {
        Escalation e = escalation(new EscalationSettings(Duration.ofMinutes(10), true, true, 3, Duration.ofMinutes(5)));
        e.escalate(subject("t1", "a", null, "k1"), "aud_1", IncidentKind.BLOCKED_TOOL);
        clock.advance(Duration.ofMinutes(4));
        e.escalate(subject("t1", "b", null, "k1"), "aud_2", IncidentKind.BLOCKED_TOOL);
        assertThat(mode(e, subject("t1", "z", null, "k1"))).as("2 of 3").isEqualTo(SafetyMode.BALANCED);
        clock.advance(Duration.ofMinutes(2)); // the first incident left the 5-minute window
        assertThat(e.escalate(subject("t1", "c", null, "k1"), "aud_3", IncidentKind.BLOCKED_TOOL))
                .extracting(h -> h.scope().wireName())
                .containsExactly("session");
        clock.advance(Duration.ofMinutes(1));
        assertThat(e.escalate(subject("t1", "d", null, "k1"), "aud_4", IncidentKind.BLOCKED_TOOL))
                .extracting(h -> h.scope().wireName())
                .containsExactly("session", "key");

        assertThat(mode(e, subject("t1", "z", null, "k1"))).isEqualTo(SafetyMode.STRICT);
        assertThat(mode(e, subject("t1", "z", null, "k2"))).isEqualTo(SafetyMode.BALANCED);
        clock.advance(Duration.ofMinutes(10));
        assertThat(mode(e, subject("t1", "z", null, "k1"))).isEqualTo(SafetyMode.BALANCED);
    }

    @Test
    void keyScopeIsOffByDefault() {
        Escalation e = escalation(EscalationSettings.DEFAULT);
        for (int i = 0; i < 10; i++) {
            e.escalate(subject("t1", "s" + i, null, "k1"), "aud_" + i, IncidentKind.BLOCKED_TOOL);
        }
        assertThat(mode(e, subject("t1", "fresh", null, "k1"))).isEqualTo(SafetyMode.BALANCED);
    }

    @Test
    void sessionsOfTwoTenantsWithTheSameIdAreTwoSessions() {
        Escalation e = escalation(EscalationSettings.DEFAULT);
        e.escalate(subject("t2", "s-victim", null, "k2"), "aud_1", IncidentKind.BLOCKED_TOOL);
        modulator.record(SessionKey.of("t1", "s-victim"), SignalInput.of("novelty", 1.0, "client"));
        assertThat(mode(e, subject("t1", "s-victim", null, "k1"))).isEqualTo(SafetyMode.BALANCED);
        assertThat(mode(e, subject("t2", "s-victim", null, "k2"))).isEqualTo(SafetyMode.STRICT);
        assertThat(modulator.signals(SessionKey.of("t2", "s-victim"))).isEmpty();
    }

    @Test
    void releaseEndsTheSessionHoldAndTheHoldsItsIncidentsPlaced() {
        Escalation e = escalation(new EscalationSettings(Duration.ofMinutes(10), true, true, 1, Duration.ofMinutes(5)));
        EscalationSubject s1 = subject("t1", "s1", "alice", "k1");
        e.escalate(s1, "aud_1", IncidentKind.BLOCKED_TOOL);
        EscalationSubject s2 = subject("t1", "s2", "bob", "k9");
        e.escalate(s2, "aud_2", IncidentKind.BLOCKED_TOOL);

        assertThat(e.release(s1.session(), Optional.of("alice"), Optional.of("k1")))
                .extracting(h -> h.scope().wireName())
                .containsExactlyInAnyOrder("session", "user", "key");
        assertThat(mode(e, s1)).isEqualTo(SafetyMode.BALANCED);
        assertThat(mode(e, s2)).as("other sessions' holds stay").isEqualTo(SafetyMode.STRICT);
        assertThat(e.release(s1.session(), Optional.of("alice"), Optional.of("k1")))
                .isEmpty();
    }

    @Test
    void settingsAreValidatedWithMessagesThatSayWhatWasGiven() {
        assertThatThrownBy(() -> new EscalationSettings(Duration.ZERO, true, false, 5, Duration.ofMinutes(10)))
                .hasMessage("hold must be between PT1S and PT168H, but was PT0S");
        assertThatThrownBy(() -> new EscalationSettings(Duration.ofMinutes(1), true, false, 0, Duration.ofMinutes(10)))
                .hasMessage("keyIncidents must be in [1, 10000], but was 0");
        assertThat(EscalationSettings.DEFAULT)
                .isEqualTo(new EscalationSettings(Duration.ofMinutes(10), true, false, 5, Duration.ofMinutes(10)));
    }
}
