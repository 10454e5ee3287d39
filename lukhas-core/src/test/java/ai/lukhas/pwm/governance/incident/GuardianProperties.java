package ai.lukhas.pwm.governance.incident;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Safety invariant 5: after any incident, the session's next modulation is strict and offers no tool that
 * strict mode's allowlist excludes, whatever signals the session (or the whole platform) had before.
 */
class GuardianProperties {
    private static final ModulationPolicy POLICY = ModulationPolicy.loadDefault();

    /** What alignment_risk = 1.0 alone allows under the default policy (the issue states: only retrieval). */
    private static final List<String> STRICT_ALLOWLIST = List.of("retrieval");

    record Prior(boolean otherSession, String name, double level, Optional<Duration> ttl, Duration before) {}

    @Property(tries = 500)
    void afterAnyIncidentTheNextModulationIsStrictWithOnlyStrictTools(
            @ForAll("priors") List<Prior> priors,
            @ForAll("reports") IncidentReport report,
            @ForAll boolean strictDefault,
            @ForAll("deltas") StyleDeltas deltas) {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-22T00:00:00Z"));
        Modulator modulator = Modulator.create(POLICY, clock, Flags.fixed(Map.of("STRICT_DEFAULT", strictDefault)));
        Escalation escalation = Escalation.inMemory(modulator, clock);
        Guardian guardian = Guardian.create(IncidentLog.create(IncidentStore.inMemory(), clock), escalation);
        EscalationSubject subject =
                new EscalationSubject(SessionKey.of("acme", report.sessionId()), Optional.of("u"), "key-1");
        for (Prior p : priors) {
            clock.advance(p.before());
            SignalInput s = new SignalInput(p.name(), p.level(), p.ttl(), "client");
            if (p.otherSession()) {
                // another session of the tenant: nothing it records may loosen this one
                modulator.record(SessionKey.of("acme", report.sessionId() + "-other"), s);
            } else {
                modulator.record(subject.session(), s);
            }
        }

        Tightening t = guardian.onIncident(subject, report, deltas);

        assertStrict(t.modulation().params());
        assertStrict(escalation.modulate(subject, deltas).params());
        assertStrict(escalation.modulate(subject, StyleDeltas.NONE).params());
        assertThat(t.incident().kind()).isEqualTo(report.kind());
        assertThat(t.incident().sessionId()).isEqualTo(report.sessionId());
    }

    private static void assertStrict(ModulatedParams params) {
        assertThat(params.safetyMode()).isEqualTo(SafetyMode.STRICT);
        assertThat(STRICT_ALLOWLIST).containsAll(params.toolAllowlist());
    }

    @Provide
    Arbitrary<List<Prior>> priors() {
        Arbitrary<Prior> prior = Combinators.combine(
                        Arbitraries.of(true, false, false, false),
                        Arbitraries.of(POLICY.signalNames()),
                        Arbitraries.oneOf(
                                Arbitraries.doubles().between(-0.5, 1.5),
                                Arbitraries.of(0.0, 1.0, 0.3, 0.31, 0.7, 0.71)),
                        Arbitraries.longs()
                                .between(1, 3_600_000)
                                .map(Duration::ofMillis)
                                .optional(0.5),
                        Arbitraries.longs().between(0, 120_000).map(Duration::ofMillis))
                .as(Prior::new);
        return prior.list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<IncidentReport> reports() {
        return Combinators.combine(
                        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
                        Arbitraries.of(IncidentKind.class),
                        Arbitraries.of("retrieve_knowledge", "open_url", "exec_code", "rm_rf", "schedule_task")
                                .optional(0.7),
                        Arbitraries.strings().ofMaxLength(60),
                        Arbitraries.of(Severity.class))
                .as((session, kind, tool, detail, severity) ->
                        new IncidentReport("aud_" + session, "s-" + session, kind, tool, detail, severity));
    }

    @Provide
    Arbitrary<StyleDeltas> deltas() {
        Arbitrary<Double> d = Arbitraries.doubles().between(-1.0, 1.0);
        return Combinators.combine(d, d, d).as(StyleDeltas::new);
    }
}
