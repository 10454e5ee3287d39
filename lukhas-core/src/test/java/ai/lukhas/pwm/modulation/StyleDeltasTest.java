package ai.lukhas.pwm.modulation;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Feedback deltas are finite: a NaN would survive min/max in the caps (Math.min(NaN, cap) is NaN) and
 * reach the provider as a parameter, so a non-finite delta is refused where it is made, naming the field.
 */
class StyleDeltasTest {
    @Test
    void nonFiniteDeltasAreRefusedNamingTheField() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> new StyleDeltas(bad, 0, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("temperatureDelta must be a finite number, but was " + bad);
            assertThatThrownBy(() -> new StyleDeltas(0, bad, 0))
                    .hasMessage("topPDelta must be a finite number, but was " + bad);
            assertThatThrownBy(() -> new StyleDeltas(0, 0, bad))
                    .hasMessage("memoryWriteBoost must be a finite number, but was " + bad);
        }
    }
}
