package ai.lukhas.pwm.flags;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FixedFlagsTest {
    private final Flags flags = Flags.fixed(Map.of("ON", true, "OFF", false, "MODE", "dna"));

    @Test
    void returnsSetValuesAndDefaultsOtherwise() {
        assertThat(flags.isEnabled("ON", false)).isTrue();
        assertThat(flags.isEnabled("OFF", true)).isFalse();
        assertThat(flags.isEnabled("UNSET", true)).isTrue();
        assertThat(flags.stringValue("MODE", "legacy")).isEqualTo("dna");
    }

    @Test
    void aValueOfAnotherTypeYieldsTheDefaultInsteadOfThrowing() {
        assertThat(flags.isEnabled("MODE", false)).isFalse();
        assertThat(flags.stringValue("ON", "legacy")).isEqualTo("legacy");
    }
}
