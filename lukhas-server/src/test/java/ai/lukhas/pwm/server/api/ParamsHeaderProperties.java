package ai.lukhas.pwm.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.modulation.ModulatedParams;
import ai.lukhas.pwm.modulation.SafetyMode;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link OpenAiRequests#paramsHeader}, which keeps its last answer, is always the header made afresh. */
class ParamsHeaderProperties {
    private static String fresh(ModulatedParams p) {
        return "temperature=" + p.temperature() + ", top_p=" + p.topP() + ", max_tokens=" + p.maxOutputTokens()
                + ", reasoning_effort=" + p.reasoningEffort();
    }

    @Property(tries = 300)
    void sameAsMadeAfresh(@ForAll("sequences") List<ModulatedParams> sequence) {
        for (ModulatedParams p : sequence) {
            assertThat(OpenAiRequests.paramsHeader(p)).isEqualTo(fresh(p));
            assertThat(OpenAiRequests.paramsHeader(p)).isEqualTo(fresh(p));
        }
    }

    /** Few values per field (0.0 and -0.0 among them), so consecutive parameters often differ in one field only. */
    @Provide
    Arbitrary<List<ModulatedParams>> sequences() {
        Arbitrary<Double> any = Arbitraries.doubles().between(-1, 3);
        return Combinators.combine(
                        Arbitraries.oneOf(Arbitraries.of(0.7, 0.0, -0.0, 0.1 + 0.2), any),
                        Arbitraries.of(0.95, 0.0, -0.0),
                        Arbitraries.of(256, 257),
                        Arbitraries.of(0.4, 0.0, -0.0))
                .as((t, p, max, e) -> new ModulatedParams(t, p, max, e, 3, 2, 0.5, SafetyMode.BALANCED, List.of()))
                .list()
                .ofMinSize(1)
                .ofMaxSize(30);
    }
}
