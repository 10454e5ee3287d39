package ai.lukhas.pwm.modulation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.testing.PolicyTexts;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Whatever text a policy author puts in an expression or anywhere in the file, loading ends in a policy or a located PolicyException. */
class PolicyFuzzTest {
    static void loadsOrFailsWithALocation(String yaml) {
        try {
            ModulationPolicy.parse(yaml, "fuzz.yaml");
        } catch (PolicyException e) {
            assertThat(e.source()).isEqualTo("fuzz.yaml");
            assertThat(e.line()).isGreaterThanOrEqualTo(1);
            assertThat(e.column()).isGreaterThanOrEqualTo(1);
            assertThat(e.getMessage()).contains("fuzz.yaml line ");
        }
    }

    @Property(tries = 200)
    void arbitraryExpressionText(@ForAll String expr) {
        String quoted = "\"" + expr.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        loadsOrFailsWithALocation(PolicyTexts.replace("\"max(0.1, 0.7 - 0.6*x)\"", quoted));
        loadsOrFailsWithALocation(PolicyTexts.replace("\"1 - 0.85*x\"", quoted));
        loadsOrFailsWithALocation(PolicyTexts.replace("\"strict if x>0.3 else balanced\"", quoted));
    }

    @Property(tries = 200)
    void arbitraryDocument(@ForAll String yaml) {
        loadsOrFailsWithALocation(yaml);
    }

    @Property(tries = 200)
    void damagedDefaultPolicy(@ForAll int cut, @ForAll String insert) {
        String base = PolicyTexts.DEFAULT;
        int at = Math.floorMod(cut, base.length());
        loadsOrFailsWithALocation(base.substring(0, at) + insert + base.substring(Math.min(base.length(), at + 3)));
    }
}
