package ai.lukhas.pwm.feedback;

import static ai.lukhas.pwm.testing.StyleOnly.assertSameExceptStyle;
import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.modulation.ModulatedParams;
import ai.lukhas.pwm.modulation.ModulationPolicy;
import ai.lukhas.pwm.modulation.Modulator;
import ai.lukhas.pwm.modulation.SessionKey;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.modulation.SignalOutcome;
import ai.lukhas.pwm.modulation.StyleDeltas;
import ai.lukhas.pwm.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Invariant 2 (docs/architecture.md) across feedback and modulation: for arbitrary feedback cards,
 * the LUT they yield, fed to the modulator as style deltas, changes style only. Compared with no
 * feedback at all, safety_mode, the tool allowlist and max_output_tokens are unchanged, and no cap
 * set by alignment_risk (default policy: temperature ≤ 1 − 0.85·r, top_p ≤ max(0.2, 1 − 0.8·r)) is
 * exceeded. Main code of feedback never depends on modulation; only this test joins them.
 */
class FeedbackModulationProperties {
    private static final ModulationPolicy POLICY = ModulationPolicy.loadDefault();

    /** The LUT → modulator mapping the pipeline uses (verbosity_bias has no modulator parameter). */
    static StyleDeltas deltas(LutValues lut) {
        return new StyleDeltas(lut.temperatureDelta(), lut.topPDelta(), lut.memoryWriteBoost());
    }

    @Property(tries = 300)
    void feedbackChangesStyleOnlyAndNeverExceedsAnAlignmentRiskCap(
            @ForAll @Size(max = 60) List<@IntRange(min = 1, max = 5) Integer> ratingsNewestFirst,
            @ForAll @DoubleRange(min = 0, max = 1) double stress,
            @ForAll @DoubleRange(min = 0, max = 1) double ambiguity,
            @ForAll @DoubleRange(min = 0, max = 1) double novelty,
            @ForAll @DoubleRange(min = 0, max = 1) double trust,
            @ForAll @DoubleRange(min = 0, max = 1) double urgency,
            @ForAll @DoubleRange(min = 0, max = 1) double alignmentRisk,
            @ForAll boolean strictDefault) {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        Modulator modulator = Modulator.create(POLICY, clock, Flags.fixed(Map.of("STRICT_DEFAULT", strictDefault)));
        Map<String, Double> signals = Map.of(
                "stress", stress,
                "ambiguity", ambiguity,
                "novelty", novelty,
                "trust", trust,
                "urgency", urgency,
                "alignment_risk", alignmentRisk);
        signals.forEach((name, level) -> {
            SignalOutcome outcome = modulator.record(SessionKey.of("t", "s"), SignalInput.of(name, level, "property"));
            assertThat(outcome).isNotInstanceOf(SignalOutcome.Rejected.class);
        });

        LutValues lut = LutValues.fromRatingsNewestFirst(ratingsNewestFirst);
        ModulatedParams without =
                modulator.modulate(SessionKey.of("t", "s"), StyleDeltas.NONE).params();
        ModulatedParams with =
                modulator.modulate(SessionKey.of("t", "s"), deltas(lut)).params();

        assertSameExceptStyle(with, without, "feedback " + lut);

        if (alignmentRisk > 0) {
            assertThat(with.temperature()).isLessThanOrEqualTo(1 - 0.85 * alignmentRisk + 1e-12);
            assertThat(with.topP()).isLessThanOrEqualTo(Math.max(0.2, 1 - 0.8 * alignmentRisk) + 1e-12);
        }
        // bounds of the default policy hold with feedback too
        assertThat(with.temperature()).isBetween(0.0, 1.0);
        assertThat(with.topP()).isBetween(0.1, 1.0);
        assertThat(with.memoryWrite()).isBetween(0.1, 1.0);
        // and the style change itself is no larger than the LUT allows
        assertThat(Math.abs(with.temperature() - without.temperature())).isLessThanOrEqualTo(0.1 + 1e-12);
        assertThat(Math.abs(with.topP() - without.topP())).isLessThanOrEqualTo(0.1 + 1e-12);
    }
}
