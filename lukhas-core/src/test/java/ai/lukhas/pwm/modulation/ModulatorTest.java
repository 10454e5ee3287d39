package ai.lukhas.pwm.modulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.testing.MutableClock;
import ai.lukhas.pwm.testing.PolicyTexts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ModulatorTest {
    static final ModulationPolicy POLICY = ModulationPolicy.loadDefault();
    final MutableClock clock = new MutableClock();
    final Modulator m = Modulator.create(POLICY, clock, Flags.fixed(Map.of()));

    static SignalInput signal(String name, double level) {
        return SignalInput.of(name, level, "test");
    }

    @Test
    void signalsExpireAfterTheirTtl() {
        m.record(SessionKey.of("t", "s"), signal("stress", 0.5));
        clock.advance(Duration.ofMillis(59_999));
        assertThat(m.modulate(SessionKey.of("t", "s")).params().maxOutputTokens())
                .isEqualTo(1100);
        clock.advance(Duration.ofMillis(1));
        ModulationResult r = m.modulate(SessionKey.of("t", "s"));
        assertThat(r.params()).isEqualTo(POLICY.defaultParams());
        assertThat(r.trace().signals()).singleElement().satisfies(s -> {
            assertThat(s.status()).isEqualTo(ModulationTrace.Status.EXPIRED);
            assertThat(s.until()).isEqualTo(Instant.parse("2026-01-01T00:01:00Z"));
        });
    }

    @Test
    void anExplicitTtlOverridesThePolicyDefault() {
        SignalOutcome o = m.record(
                SessionKey.of("t", "s"), new SignalInput("stress", 0.5, Optional.of(Duration.ofSeconds(2)), "t"));
        assertThat(((SignalOutcome.Accepted) o).activeUntil()).isEqualTo(Instant.parse("2026-01-01T00:00:02Z"));
        clock.advance(Duration.ofSeconds(2));
        assertThat(m.modulate(SessionKey.of("t", "s")).params()).isEqualTo(POLICY.defaultParams());
    }

    @Test
    void aNewLevelWithinTheCooldownIsSuppressedAndTraced() {
        assertThat(m.record(SessionKey.of("t", "s"), signal("stress", 0.5))).isInstanceOf(SignalOutcome.Accepted.class);
        clock.advance(Duration.ofMillis(799));
        SignalOutcome o = m.record(SessionKey.of("t", "s"), signal("stress", 1.0));
        assertThat(o).isEqualTo(new SignalOutcome.Suppressed("stress", 1.0, Instant.parse("2026-01-01T00:00:00.800Z")));
        ModulationResult r = m.modulate(SessionKey.of("t", "s"));
        assertThat(r.params().maxOutputTokens()).isEqualTo(1100); // still 0.5
        assertThat(r.trace().signals())
                .extracting(ModulationTrace.Signal::status)
                .containsExactly(ModulationTrace.Status.ACTIVE, ModulationTrace.Status.SUPPRESSED);
        clock.advance(Duration.ofMillis(1));
        assertThat(m.record(SessionKey.of("t", "s"), signal("stress", 1.0))).isInstanceOf(SignalOutcome.Accepted.class);
        assertThat(m.modulate(SessionKey.of("t", "s")).params().maxOutputTokens())
                .isEqualTo(800);
    }

    @Test
    void aRiseOfAlignmentRiskIsNeverSuppressedButAFallIs() {
        ModulationPolicy slow = ModulationPolicy.parse(
                PolicyTexts.replace("    cooldown_ms: 0\n", "    cooldown_ms: 10000\n"), "slow.yaml");
        Modulator sm = Modulator.create(slow, clock, Flags.fixed(Map.of()));
        assertThat(sm.record(SessionKey.of("t", "s"), signal("alignment_risk", 0.2)))
                .isInstanceOf(SignalOutcome.Accepted.class);
        clock.advance(Duration.ofMillis(1));
        assertThat(sm.record(SessionKey.of("t", "s"), signal("alignment_risk", 0.8)))
                .isInstanceOf(SignalOutcome.Accepted.class);
        clock.advance(Duration.ofMillis(1));
        assertThat(sm.record(SessionKey.of("t", "s"), signal("alignment_risk", 0.1)))
                .isInstanceOf(SignalOutcome.Suppressed.class);
        assertThat(sm.record(SessionKey.of("t", "s"), signal("alignment_risk", 0.8)))
                .isInstanceOf(SignalOutcome.Suppressed.class);
        assertThat(sm.record(SessionKey.of("t", "s"), signal("alignment_risk", 1.0)))
                .isInstanceOf(SignalOutcome.Accepted.class);
        assertThat(sm.modulate(SessionKey.of("t", "s")).params().toolAllowlist())
                .containsExactly("retrieval");
    }

    @Test
    void outOfRangeLevelsAreClampedAndNoted() {
        SignalOutcome o = m.record(SessionKey.of("t", "s"), signal("stress", 1.7));
        assertThat(o)
                .isEqualTo(new SignalOutcome.Accepted(
                        "stress", 1.0, Optional.of(1.7), Instant.parse("2026-01-01T00:01:00Z")));
        ModulationResult r = m.modulate(SessionKey.of("t", "s"));
        assertThat(r.params().maxOutputTokens()).isEqualTo(800);
        assertThat(r.trace().signals().getFirst().clampedFrom()).contains(1.7);
        m.record(SessionKey.of("t", "t"), signal("novelty", -3));
        assertThat(m.modulate(SessionKey.of("t", "t")).params()).isEqualTo(POLICY.defaultParams());
    }

    @Test
    void unknownNamesAndNonFiniteLevelsAreRejected() {
        SignalOutcome o = m.record(SessionKey.of("t", "s"), signal("anxiety", 0.5));
        assertThat(o).isInstanceOf(SignalOutcome.Rejected.class);
        assertThat(((SignalOutcome.Rejected) o).reason())
                .isEqualTo(
                        "unknown signal 'anxiety' (expected one of alignment_risk, stress, ambiguity, novelty, trust, urgency)");
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            SignalOutcome b = m.record(SessionKey.of("t", "s"), signal("stress", bad));
            assertThat(((SignalOutcome.Rejected) b).reason())
                    .contains("must be a finite number")
                    .contains(String.valueOf(bad));
        }
        assertThat(m.sessionCount()).isZero();
    }

    @Test
    void signalsOfOneSessionNeverReachAnotherSessionOrTenant() {
        m.record(SessionKey.of("t", "a"), signal("alignment_risk", 0.8));
        m.record(SessionKey.of("t", "a"), signal("stress", 1.0));
        assertThat(m.modulate(SessionKey.of("t", "a")).params().safetyMode()).isEqualTo(SafetyMode.STRICT);
        assertThat(m.modulate(SessionKey.of("t", "never-seen")).params()).isEqualTo(POLICY.defaultParams());
        assertThat(m.modulate(SessionKey.of("other", "a")).params()).isEqualTo(POLICY.defaultParams());
        assertThat(m.signals(SessionKey.of("other", "a"))).isEmpty();
    }

    @Test
    void signalsOfASessionAreTheSameAsTheTraceShows() {
        m.record(SessionKey.of("t", "s"), signal("urgency", 0.5));
        m.record(SessionKey.of("t", "s"), signal("stress", 0.5));
        clock.advance(Duration.ofMillis(100));
        m.record(SessionKey.of("t", "s"), signal("stress", 0.9));
        assertThat(m.signals(SessionKey.of("t", "s")))
                .isEqualTo(m.modulate(SessionKey.of("t", "s")).trace().signals());
        assertThat(m.signals(SessionKey.of("t", "s")))
                .extracting(ModulationTrace.Signal::name, ModulationTrace.Signal::status)
                .containsExactly(
                        tuple("stress", ModulationTrace.Status.ACTIVE),
                        tuple("stress", ModulationTrace.Status.SUPPRESSED),
                        tuple("urgency", ModulationTrace.Status.ACTIVE));
        assertThat(m.signals(SessionKey.of("t", "unknown"))).isEmpty();
    }

    @Test
    void strictDefaultFlagIsAFloor() {
        Modulator strict = Modulator.create(POLICY, clock, Flags.fixed(Map.of("STRICT_DEFAULT", true)));
        strict.record(SessionKey.of("t", "s"), signal("trust", 0.9));
        ModulationResult r = strict.modulate(SessionKey.of("t", "s"));
        assertThat(r.params().safetyMode()).isEqualTo(SafetyMode.STRICT);
        assertThat(r.promptStyle().name()).isEqualTo("strict");
        assertThat(r.trace().strictDefault()).isTrue();
        assertThat(r.trace().parameter("safety_mode").orElseThrow().notes())
                .anyMatch(n -> n.contains("STRICT_DEFAULT"));
        assertThat(m.modulate(SessionKey.of("t", "s")).params().safetyMode()).isEqualTo(SafetyMode.BALANCED);
    }

    @Test
    void aStrictFloorIsStrictWithTheCapsOfFullRiskWhateverTheSessionSays() {
        SessionKey s = SessionKey.of("t", "held");
        m.record(s, signal("alignment_risk", 0.0));
        m.record(s, signal("trust", 1.0));
        m.record(s, signal("novelty", 1.0));
        assertThat(m.modulate(s).params().safetyMode()).isEqualTo(SafetyMode.BALANCED);

        StrictFloor floor = new StrictFloor(Instant.parse("2026-01-01T00:10:00Z"), "escalation hold (session scope)");
        ModulationResult held = m.modulate(s, new StyleDeltas(0.9, 0.9, 0.9), Optional.of(floor));
        SessionKey risk = SessionKey.of("t", "full-risk");
        m.record(risk, signal("alignment_risk", 1.0));
        ModulatedParams caps = m.modulate(risk).params();

        assertThat(held.params().safetyMode()).isEqualTo(SafetyMode.STRICT);
        assertThat(held.params().toolAllowlist()).isEqualTo(caps.toolAllowlist());
        assertThat(held.params().temperature()).isLessThanOrEqualTo(caps.temperature());
        assertThat(held.params().topP()).isLessThanOrEqualTo(caps.topP());
        assertThat(held.params().reasoningEffort()).isGreaterThanOrEqualTo(caps.reasoningEffort());
        assertThat(held.params().plannerBeam()).isLessThanOrEqualTo(caps.plannerBeam());
        assertThat(held.promptStyle().name()).isEqualTo("strict");
        assertThat(held.trace().parameter("safety_mode").orElseThrow().notes())
                .containsExactly(
                        "escalation hold (session scope): strict, alignment risk at 1.0 until 2026-01-01T00:10:00Z");
        assertThat(m.modulate(s).params().safetyMode())
                .as("the floor belongs to that one modulation")
                .isEqualTo(SafetyMode.BALANCED);
    }

    @Test
    void aStrictFloorIsStrictEvenWhenThePolicysRiskMapNeverSaysStrict() {
        ModulationPolicy lenient = ModulationPolicy.parse(
                PolicyTexts.replace(
                        "safety_mode:      \"strict if x>0.3 else balanced\"", "safety_mode:      \"balanced\""),
                "lenient.yaml");
        Modulator l = Modulator.create(lenient, clock, Flags.fixed(Map.of()));
        SessionKey s = SessionKey.of("t", "s");
        l.record(s, signal("alignment_risk", 1.0));
        assertThat(l.modulate(s).params().safetyMode()).isEqualTo(SafetyMode.BALANCED);
        assertThat(l.modulate(s, StyleDeltas.NONE, Optional.of(new StrictFloor(Instant.EPOCH, "hold")))
                        .params()
                        .safetyMode())
                .isEqualTo(SafetyMode.STRICT);
    }

    @Test
    void feedbackDeltasApplyBeforeCapsAndBounds() {
        assertThat(m.modulate(SessionKey.of("t", "s"), new StyleDeltas(0.2, 0.05, 0.1))
                        .params())
                .satisfies(p -> {
                    assertThat(p.temperature()).isCloseTo(0.8, within(1e-12));
                    assertThat(p.topP()).isCloseTo(0.95, within(1e-12));
                    assertThat(p.memoryWrite()).isCloseTo(0.5, within(1e-12));
                });
        m.record(SessionKey.of("t", "s"), signal("alignment_risk", 0.6));
        ModulationResult r = m.modulate(SessionKey.of("t", "s"), new StyleDeltas(0.3, 5, 10));
        assertThat(r.params().temperature()).isEqualTo(1 - 0.85 * 0.6);
        assertThat(r.params().topP()).isEqualTo(0.52);
        assertThat(r.params().memoryWrite()).isEqualTo(1.0); // no cap on memory_write: only the bound
        ModulationTrace.Parameter t = r.trace().parameter("temperature").orElseThrow();
        assertThat(t.feedbackDelta()).isEqualTo(0.3);
        assertThat(t.capApplied()).isTrue();
        assertThat(t.cap()).map(ModulationTrace.Contribution::signal).contains("alignment_risk");
        assertThat(r.trace().parameter("memory_write").orElseThrow().bounded()).isTrue();
    }

    @Test
    void traceNamesContributorsAndCapsThatDidNotBind() {
        m.record(SessionKey.of("t", "s"), signal("stress", 0.5));
        m.record(SessionKey.of("t", "s"), signal("novelty", 0.3));
        m.record(SessionKey.of("t", "s"), signal("alignment_risk", 0.6));
        ModulationTrace t = m.modulate(SessionKey.of("t", "s")).trace();
        assertThat(t.parameter("temperature").orElseThrow().contributions())
                .extracting(ModulationTrace.Contribution::signal, ModulationTrace.Contribution::proposal)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("stress", String.valueOf(0.7 - 0.6 * 0.5)),
                        org.assertj.core.groups.Tuple.tuple("novelty", "0.78"));
        ModulationTrace.Parameter beam = t.parameter("planner_beam").orElseThrow();
        assertThat(beam.cap()).map(ModulationTrace.Contribution::proposal).contains("4");
        assertThat(beam.capApplied()).isFalse();
        assertThat(t.parameter("retrieval_k").orElseThrow().fromDefault()).isFalse();
        assertThat(t.parameter("reasoning_effort").orElseThrow().fromDefault()).isTrue();
        assertThat(t.parameter("safety_mode").orElseThrow().capApplied()).isTrue();
        assertThat(t.at()).isEqualTo(clock.instant());
    }

    @Test
    void aTraceReadLaterDescribesItsOwnCombineNotTheStateAtReadTime() {
        StyleDeltas deltas = new StyleDeltas(0.05, 0, 0);
        m.record(SessionKey.of("t", "s"), signal("alignment_risk", 0.2));
        m.record(SessionKey.of("t", "s"), signal("stress", 0.5));
        m.record(SessionKey.of("t", "s"), signal("novelty", 0.3));
        ModulationResult early = m.modulate(SessionKey.of("t", "s"), deltas);
        ModulationTrace reference = m.modulate(SessionKey.of("t", "s"), deltas).trace();
        String rendered = reference.toString(); // renders the reference now, before anything changes

        // Everything the combine read changes before the early trace is first read.
        clock.advance(Duration.ofMillis(900));
        assertThat(m.record(SessionKey.of("t", "s"), signal("stress", 1.0))).isInstanceOf(SignalOutcome.Accepted.class);
        assertThat(m.record(SessionKey.of("t", "s"), signal("stress", 0.1)))
                .isInstanceOf(SignalOutcome.Suppressed.class);
        m.record(SessionKey.of("t", "s"), signal("alignment_risk", 0.9)); // a rise: never suppressed
        m.record(SessionKey.of("t", "s"), signal("urgency", 0.7));

        ModulationTrace late = early.trace();
        assertThat(late).isEqualTo(reference);
        assertThat(late.toString()).isEqualTo(rendered);
        assertThat(late.at()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        ModulationTrace.Parameter temperature = late.parameter("temperature").orElseThrow();
        assertThat(temperature.contributions())
                .extracting(ModulationTrace.Contribution::signal, ModulationTrace.Contribution::level)
                .containsExactly(tuple("stress", 0.5), tuple("novelty", 0.3));
        assertThat(temperature.feedbackDelta()).isEqualTo(0.05);
        assertThat(temperature.cap()).map(ModulationTrace.Contribution::level).contains(0.2);
        assertThat(late.signals())
                .extracting(ModulationTrace.Signal::name, ModulationTrace.Signal::status)
                .containsExactly(
                        tuple("alignment_risk", ModulationTrace.Status.ACTIVE),
                        tuple("stress", ModulationTrace.Status.ACTIVE),
                        tuple("novelty", ModulationTrace.Status.ACTIVE));
        assertThat(m.modulate(SessionKey.of("t", "s"), deltas).trace()).isNotEqualTo(reference);
    }

    @Test
    void trustProposesBalancedOnlyWhileRiskIsLow() {
        m.record(SessionKey.of("t", "s"), signal("trust", 0.7));
        ModulationResult r = m.modulate(SessionKey.of("t", "s"));
        assertThat(r.params().safetyMode()).isEqualTo(SafetyMode.BALANCED);
        assertThat(r.trace().parameter("safety_mode").orElseThrow().contributions())
                .extracting(ModulationTrace.Contribution::signal)
                .containsExactly("trust");
        m.record(SessionKey.of("t", "s"), signal("alignment_risk", 0.25));
        ModulationResult r2 = m.modulate(SessionKey.of("t", "s"));
        assertThat(r2.trace().parameter("safety_mode").orElseThrow().contributions())
                .isEmpty();
        assertThat(r2.params().safetyMode()).isEqualTo(SafetyMode.BALANCED);
    }

    @Test
    void urgencyRemovesToolsAndRiskRemovesMore() {
        m.record(SessionKey.of("t", "s"), signal("urgency", 0.2));
        assertThat(m.modulate(SessionKey.of("t", "s")).params().toolAllowlist()).containsExactly("retrieval");
        m.record(SessionKey.of("t", "t"), signal("alignment_risk", 0.5));
        assertThat(m.modulate(SessionKey.of("t", "t")).params().toolAllowlist())
                .containsExactly("retrieval", "browser");
    }

    @Test
    void idleSessionsAreDroppedButNotWhileASignalCanStillMatter() {
        for (int i = 0; i < 1000; i++) {
            m.record(SessionKey.of("t", "s" + i), signal("stress", 0.5));
        }
        m.record(SessionKey.of("t", "risky"), signal("alignment_risk", 1.0)); // ttl 10 minutes
        assertThat(m.sessionCount()).isEqualTo(1001);
        clock.advance(Duration.ofSeconds(61));
        m.record(SessionKey.of("t", "fresh"), signal("novelty", 0.5));
        assertThat(m.sessionCount()).isEqualTo(2); // risky and fresh
        assertThat(m.modulate(SessionKey.of("t", "risky")).params().safetyMode())
                .isEqualTo(SafetyMode.STRICT);
        clock.advance(Duration.ofMinutes(10));
        m.record(SessionKey.of("t", "fresh"), signal("novelty", 0.5));
        assertThat(m.sessionCount()).isEqualTo(1);
        assertThat(m.modulate(SessionKey.of("t", "risky")).params()).isEqualTo(POLICY.defaultParams());
    }

    @Test
    void concurrentSessionsDoNotSeeEachOthersSignals() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        SessionKey id = SessionKey.of("t", "t" + thread + "-" + i);
                        double level = (i % 10) / 10.0 + 0.05;
                        m.record(id, signal("stress", level));
                        if (thread == 0) {
                            m.record(id, signal("alignment_risk", 1.0));
                        }
                        ModulatedParams p = m.modulate(id).params();
                        assertThat(p.maxOutputTokens()).isEqualTo((int) Math.rint(1400 - 600 * level));
                        assertThat(p.safetyMode()).isEqualTo(thread == 0 ? SafetyMode.STRICT : SafetyMode.BALANCED);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(m.sessionCount()).isEqualTo(2000);
    }
}
