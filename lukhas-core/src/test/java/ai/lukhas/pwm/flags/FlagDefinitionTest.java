package ai.lukhas.pwm.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class FlagDefinitionTest {
    private static final Set<String> BOOLEAN_WORDS = Set.of("1", "true", "yes", "on", "0", "false", "no", "off");
    private final FlagDefinition bool = FlagDefinition.bool("X", false, "x");

    @Property
    void aBooleanParsesOnlyTheDocumentedWordsAndNeverDefaultsToFalse(@ForAll String raw) {
        boolean documented = BOOLEAN_WORDS.contains(raw.strip().toLowerCase(Locale.ROOT));
        assertThat(bool.parse(raw).isPresent()).isEqualTo(documented);
    }

    @Test
    void registrationChecksItsOwnConsistency() {
        assertThatThrownBy(() -> FlagDefinition.choice("MODE", "x", List.of("a", "b"), "mode"))
                .hasMessage("default of flag MODE must be one of [a, b], but was 'x'");
        assertThatThrownBy(() -> FlagDefinition.bool("lower", true, "x")).hasMessageContaining("but was 'lower'");
        assertThatThrownBy(() -> FlagRegistry.standard().with(List.of(FlagDefinition.bool("BROWSER_TOOL", true, "x"))))
                .hasMessage("flag BROWSER_TOOL is registered twice");
    }
}
