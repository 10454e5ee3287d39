package ai.lukhas.pwm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentFlagsTest {
    @Test
    void lukhasPrefixWinsOverTheLegacyPrefixAndBooleansParseLikeDocsFlags() {
        EnvironmentFlags flags = new EnvironmentFlags(Map.of(
                "LUKHAS_FLAG_DNA_ENCRYPT_PERSONAL", " Off ",
                "FLAG_DNA_ENCRYPT_PERSONAL", "true",
                "FLAG_DNA_DUAL_WRITE", "yes",
                "LUKHAS_FLAG_DNA_READ_SHADOW", "maybe",
                "LUKHAS_FLAG_DNA_CUTOVER_READ_FROM", " dna "));

        assertThat(flags.isEnabled("DNA_ENCRYPT_PERSONAL", true)).isFalse();
        assertThat(flags.isEnabled("DNA_DUAL_WRITE", false)).isTrue();
        assertThat(flags.isEnabled("DNA_READ_SHADOW", true)).isTrue(); // unparseable: the default
        assertThat(flags.isEnabled("DNA_READ_SHADOW", false)).isFalse();
        assertThat(flags.stringValue("DNA_CUTOVER_READ_FROM", "legacy")).isEqualTo("dna");
        assertThat(flags.stringValue("UNSET", "d")).isEqualTo("d");
    }
}
