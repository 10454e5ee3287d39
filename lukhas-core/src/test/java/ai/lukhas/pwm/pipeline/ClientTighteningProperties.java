package ai.lukhas.pwm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.modulation.ModulatedParams;
import ai.lukhas.pwm.modulation.SafetyMode;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link Run#afterClient} (the parameters sent, without the audit's notes) takes exactly
 * {@link Run#clientTightened}'s values (invariant 1: a client only lowers), and {@code Run.fmt}'s table of
 * formatted decimals answers exactly {@link Double#toString}.
 */
class ClientTighteningProperties {
    @Provide
    Arbitrary<Double> decimals() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().between(0, 2).ofScale(3),
                Arbitraries.doubles().between(0, 2),
                Arbitraries.of(0.0, -0.0, 1.0, 2.0, 0.1, 0.7, 1e-7, 1e15, 1e16, 123456.5, Double.MIN_VALUE));
    }

    @Provide
    Arbitrary<Optional<Double>> asked() {
        return Arbitraries.oneOf(
                Arbitraries.just(Optional.<Double>empty()),
                Arbitraries.doubles().between(0, 1).ofScale(2).map(Optional::of),
                Arbitraries.doubles().between(0, 1).map(Optional::of),
                Arbitraries.of(0.0, 1.0).map(Optional::of));
    }

    @Property(tries = 3000)
    void afterClientTakesClientTightenedValues(
            @ForAll("decimals") double temperature,
            @ForAll("asked") Optional<Double> askedTemperature,
            @ForAll("asked") Optional<Double> topP,
            @ForAll("asked") Optional<Double> askedTopP,
            @ForAll @IntRange(min = 1, max = 100_000) int maxTokens,
            @ForAll("maxTokens") Optional<Integer> askedMax) {
        ModulatedParams m = new ModulatedParams(
                temperature, topP.orElse(0.95), maxTokens, 0.4, 3, 2, 0.5, SafetyMode.BALANCED, List.of("browser"));
        ClientParams c = new ClientParams(askedTemperature.map(t -> t * 2), askedTopP, askedMax);

        Run.Effective e = Run.clientTightened(m, c);
        ModulatedParams after = Run.afterClient(m, c);

        assertThat(Double.compare(after.temperature(), e.temperature())).isZero();
        assertThat(Double.compare(after.topP(), e.topP())).isZero();
        assertThat(after.maxOutputTokens()).isEqualTo(e.maxOutputTokens());
        assertThat(after.temperature()).isLessThanOrEqualTo(m.temperature());
        assertThat(after.topP()).isLessThanOrEqualTo(m.topP());
        assertThat(after.maxOutputTokens()).isLessThanOrEqualTo(m.maxOutputTokens());
        assertThat(after)
                .isEqualTo(new ModulatedParams(
                        e.temperature(),
                        e.topP(),
                        e.maxOutputTokens(),
                        Run.reasoningEffort(m, c),
                        m.retrievalK(),
                        m.plannerBeam(),
                        m.memoryWrite(),
                        m.safetyMode(),
                        m.toolAllowlist()));
    }

    @Provide
    Arbitrary<Optional<Integer>> maxTokens() {
        return Arbitraries.oneOf(
                Arbitraries.just(Optional.<Integer>empty()),
                Arbitraries.integers().between(1, 200_000).map(Optional::of));
    }
}
