package ai.lukhas.pwm.modulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.testing.MutableClock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The examples of issue 3, with the default policy. */
class ModulatorExamplesTest {
    static final ModulationPolicy POLICY = ModulationPolicy.loadDefault();

    static ModulatedParams modulate(Map<String, Double> signals) {
        Modulator m = Modulator.create(POLICY, new MutableClock(), Flags.fixed(Map.of()));
        signals.forEach(
                (name, level) -> assertThat(m.record(SessionKey.of("t", "s"), SignalInput.of(name, level, "test")))
                        .isInstanceOf(SignalOutcome.Accepted.class));
        return m.modulate(SessionKey.of("t", "s"), StyleDeltas.NONE).params();
    }

    @Test
    void noSignalsGiveTheDefaults() {
        ModulatedParams p = modulate(Map.of());
        assertThat(p)
                .isEqualTo(new ModulatedParams(
                        0.6,
                        0.9,
                        900,
                        0.5,
                        6,
                        2,
                        0.4,
                        SafetyMode.BALANCED,
                        List.of("retrieval", "browser", "scheduler")));
        assertThat(p).isEqualTo(POLICY.defaultParams());
    }

    @Test
    void alignmentRiskCapsButNeverRaisesTheDefault() {
        ModulatedParams p = modulate(Map.of("alignment_risk", 0.6));
        assertThat(p.temperature()).isEqualTo(1 - 0.85 * 0.6).isCloseTo(0.49, within(1e-12));
        assertThat(p.topP()).isCloseTo(0.52, within(1e-12));
        assertThat(p.reasoningEffort()).isCloseTo(0.76, within(1e-12));
        assertThat(p.plannerBeam()).isEqualTo(2); // the cap max(1, round(3.6)) = 4 never raises the default 2
        assertThat(p.safetyMode()).isEqualTo(SafetyMode.STRICT);
        assertThat(p.toolAllowlist()).containsExactly("retrieval", "browser");
        assertThat(p.maxOutputTokens()).isEqualTo(900);
        assertThat(p.retrievalK()).isEqualTo(6);
        assertThat(p.memoryWrite()).isEqualTo(0.4);
    }

    @Test
    void stressAndNoveltyBlendByWeightTimesLevel() {
        ModulatedParams p = modulate(Map.of("stress", 0.5, "novelty", 0.3));
        // the blend (0.45 * 0.4 + 0.18 * 0.78) / 0.63 = 0.508571..., rounded to the policy's precision 0.01
        assertThat(p.temperature()).isEqualTo(0.51);
        assertThat(p.topP()).isEqualTo(0.69); // 0.6900000000000001 before rounding (issue #20)
        assertThat(p.maxOutputTokens()).isEqualTo(1100);
        assertThat(p.plannerBeam()).isEqualTo(4);
        assertThat(p.memoryWrite()).isCloseTo(0.51, within(1e-12));
        assertThat(p.safetyMode()).isEqualTo(SafetyMode.BALANCED);
        assertThat(p.retrievalK()).isEqualTo(6);
    }
}
