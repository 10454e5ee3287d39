package ai.lukhas.pwm.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChecksTest {
    @Test
    void aWholeNumberRangeIncludesBothEndsAndNamesTheFieldOutsideThem() {
        assertThat(Checks.inRange(1, 1, 32, "max_steps")).isEqualTo(1);
        assertThat(Checks.inRange(32, 1, 32, "max_steps")).isEqualTo(32);
        assertThatThrownBy(() -> Checks.inRange(0, 1, 32, "max_steps"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("max_steps must be in [1, 32], but was 0");
        assertThatThrownBy(() -> Checks.inRange(33, 1, 32, "max_steps"))
                .hasMessage("max_steps must be in [1, 32], but was 33");
        assertThatThrownBy(() -> Checks.inRange(64L << 21, 1024, 64L << 20, "max_request_bytes"))
                .hasMessage("max_request_bytes must be in [1024, 67108864], but was 134217728");
    }

    @Test
    void notNegativeTakesZeroAndNamesTheFieldBelowIt() {
        assertThat(Checks.notNegative(0, "version")).isZero();
        assertThat(Checks.notNegative(7, "version")).isEqualTo(7);
        assertThatThrownBy(() -> Checks.notNegative(-1, "version"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("version must be >= 0, but was -1");
    }
}
