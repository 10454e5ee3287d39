package ai.lukhas.pwm.modulation;

import static ai.lukhas.pwm.testing.StyleOnly.assertSameExceptStyle;
import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.testing.MutableClock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The safety invariants of docs/modulation.md as properties over arbitrary signal sets, on the default policy. */
class ModulationInvariantsTest {
    static final ModulationPolicy POLICY = ModulationPolicy.loadDefault();
    static final List<String> ORDINARY = List.of("stress", "ambiguity", "novelty", "trust", "urgency");

    static ModulationResult modulate(Map<String, Double> signals, StyleDeltas deltas) {
        Modulator m = Modulator.create(POLICY, new MutableClock(), Flags.fixed(Map.of()));
        signals.forEach((name, level) -> assertThat(m.record(SessionKey.of("t", "s"), SignalInput.of(name, level, "p")))
                .isInstanceOf(SignalOutcome.Accepted.class));
        return m.modulate(SessionKey.of("t", "s"), deltas);
    }

    static Map<String, Double> with(Map<String, Double> signals, String name, double level) {
        Map<String, Double> out = new LinkedHashMap<>(signals);
        out.put(name, level);
        return out;
    }

    /** a is at least as tight as b in every parameter, in the policy's tightening directions. */
    static void assertAtLeastAsTight(ModulatedParams a, ModulatedParams b) {
        assertThat(a.temperature()).as("temperature").isLessThanOrEqualTo(b.temperature());
        assertThat(a.topP()).as("top_p").isLessThanOrEqualTo(b.topP());
        assertThat(a.maxOutputTokens()).as("max_output_tokens").isLessThanOrEqualTo(b.maxOutputTokens());
        assertThat(a.reasoningEffort()).as("reasoning_effort").isGreaterThanOrEqualTo(b.reasoningEffort());
        assertThat(a.retrievalK()).as("retrieval_k").isLessThanOrEqualTo(b.retrievalK());
        assertThat(a.plannerBeam()).as("planner_beam").isLessThanOrEqualTo(b.plannerBeam());
        assertThat(a.memoryWrite()).as("memory_write").isLessThanOrEqualTo(b.memoryWrite());
        assertThat(a.safetyMode().ordinal())
                .as("safety_mode")
                .isLessThanOrEqualTo(b.safetyMode().ordinal());
        assertThat(b.toolAllowlist()).as("tool_allowlist").containsAll(a.toolAllowlist());
    }

    @Provide
    Arbitrary<Double> levels() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().between(0, 1), Arbitraries.of(0.0, 0.2, 0.3, 0.5, 0.6, 0.7, 1.0));
    }

    @Provide
    Arbitrary<Map<String, Double>> signalSets() {
        return Arbitraries.maps(Arbitraries.of(ORDINARY), levels()).ofMaxSize(ORDINARY.size());
    }

    @Provide
    Arbitrary<StyleDeltas> deltas() {
        Arbitrary<Double> d = Arbitraries.oneOf(
                Arbitraries.doubles().between(-2, 2),
                Arbitraries.doubles().between(-1e300, 1e300),
                Arbitraries.of(0.0, 0.05, -0.05, 1e9, -1e9));
        return Combinators.combine(d, d, d).as(StyleDeltas::new);
    }

    // Invariant 1: alignment risk can only tighten.
    @Property
    void addingAlignmentRiskNeverLoosensAnything(
            @ForAll("signalSets") Map<String, Double> s,
            @ForAll("levels") double r,
            @ForAll("deltas") StyleDeltas deltas) {
        ModulatedParams without = modulate(s, deltas).params();
        ModulatedParams withRisk =
                modulate(with(s, "alignment_risk", r), deltas).params();
        assertAtLeastAsTight(withRisk, without);
    }

    @Property
    void higherRiskIsNeverLooserThanLowerRisk(
            @ForAll("signalSets") Map<String, Double> s,
            @ForAll("levels") double r1,
            @ForAll("levels") double r2,
            @ForAll("deltas") StyleDeltas deltas) {
        double lo = Math.min(r1, r2);
        double hi = Math.max(r1, r2);
        assertAtLeastAsTight(
                modulate(with(s, "alignment_risk", hi), deltas).params(),
                modulate(with(s, "alignment_risk", lo), deltas).params());
    }

    // Invariant 2: feedback changes style only and never relaxes a cap.
    @Property
    void feedbackNeverTouchesSafetyToolsOrTokensNorExceedsACap(
            @ForAll("signalSets") Map<String, Double> s,
            @ForAll("levels") double r,
            @ForAll("deltas") StyleDeltas deltas) {
        Map<String, Double> signals = with(s, "alignment_risk", r);
        ModulatedParams plain = modulate(signals, StyleDeltas.NONE).params();
        ModulatedParams styled = modulate(signals, deltas).params();
        assertSameExceptStyle(styled, plain, "deltas " + deltas);
        if (r > 0) {
            // the caps of the default policy, clamped by the bounds (a bound is the last word)
            assertThat(styled.temperature()).isLessThanOrEqualTo(Math.max(0.0, 1 - 0.85 * r));
            assertThat(styled.topP()).isLessThanOrEqualTo(Math.max(0.1, Math.max(0.2, 1 - 0.8 * r)));
        }
    }

    @Property
    void everyOutputIsWithinBounds(
            @ForAll("signalSets") Map<String, Double> s,
            @ForAll("levels") double r,
            @ForAll("deltas") StyleDeltas deltas) {
        ModulatedParams p = modulate(with(s, "alignment_risk", r), deltas).params();
        assertThat(p.temperature()).isBetween(0.0, 1.0);
        assertThat(p.topP()).isBetween(0.1, 1.0);
        assertThat(p.maxOutputTokens()).isBetween(256, 2048);
        assertThat(p.reasoningEffort()).isBetween(0.0, 1.0);
        assertThat(p.retrievalK()).isBetween(2, 10);
        assertThat(p.plannerBeam()).isBetween(1, 6);
        assertThat(p.memoryWrite()).isBetween(0.1, 1.0);
        assertThat(POLICY.toolUniverse()).containsAll(p.toolAllowlist());
        assertThat(new HashSet<>(p.toolAllowlist())).hasSameSizeAs(p.toolAllowlist());
    }

    @Property
    void aSignalAtLevelZeroChangesNothing(@ForAll("signalSets") Map<String, Double> s, @ForAll("names") String name) {
        Assume.that(!s.containsKey(name));
        assertThat(modulate(with(s, name, 0.0), StyleDeltas.NONE).params())
                .isEqualTo(modulate(s, StyleDeltas.NONE).params());
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.of(POLICY.signalNames());
    }

    /** The formulas written out in Java, independent of the policy language. */
    static final Map<String, Map<String, DoubleUnaryOperator>> ORACLE = Map.of(
            "stress",
            Map.of(
                    "temperature", x -> Math.max(0.1, 0.7 - 0.6 * x),
                    "top_p", x -> Math.max(0.3, 0.9 - 0.5 * x),
                    "max_output_tokens", x -> Math.rint(1400 - 600 * x),
                    "retrieval_k", x -> Math.min(10, 4 + Math.rint(4 * x))),
            "ambiguity",
            Map.of(
                    "reasoning_effort", x -> Math.min(1.0, 0.3 + 0.7 * x),
                    "retrieval_k", x -> Math.min(10, 6 + Math.rint(3 * x)),
                    "planner_beam", x -> Math.min(6, 2 + Math.rint(3 * x))),
            "urgency",
            Map.of(
                    "max_output_tokens", x -> Math.rint(900 - 500 * x),
                    "reasoning_effort", x -> Math.max(0.2, 0.8 - 0.6 * x)),
            "novelty",
            Map.of(
                    "temperature", x -> Math.min(1.0, 0.6 + 0.6 * x),
                    "top_p", x -> Math.min(1.0, 0.7 + 0.3 * x),
                    "planner_beam", x -> Math.min(6, 3 + Math.rint(3 * x)),
                    "memory_write", x -> Math.min(1.0, 0.3 + 0.7 * x)),
            "trust",
            Map.of(
                    "temperature",
                    x -> Math.min(1.0, 0.5 + 0.4 * x),
                    "memory_write",
                    x -> Math.min(1.0, 0.5 + 0.5 * x)));

    static final Map<String, double[]> BOUNDS = Map.of(
            "temperature", new double[] {0, 1},
            "top_p", new double[] {0.1, 1},
            "max_output_tokens", new double[] {256, 2048},
            "reasoning_effort", new double[] {0, 1},
            "retrieval_k", new double[] {2, 10},
            "planner_beam", new double[] {1, 6},
            "memory_write", new double[] {0.1, 1});

    /** The bundled policy's real parameters are rounded half to even to its declared precision, 0.01. */
    static double precise(String param, double v) {
        return Set.of("temperature", "top_p", "reasoning_effort", "memory_write")
                        .contains(param)
                ? Math.rint(v * 100) / 100
                : v;
    }

    @Property
    void aCapRoundedToThePrecisionIsNeverLooserThanTheCap(@ForAll("levels") double c) {
        assertThat(Modulator.floorTo(c, 100)).isLessThanOrEqualTo(c).isGreaterThan(c - 0.01 - 1e-12);
        assertThat(Modulator.ceilTo(c, 100)).isGreaterThanOrEqualTo(c).isLessThan(c + 0.01 + 1e-12);
    }

    @Property
    void everyRealParameterIsAMultipleOfItsPrecisionSoNoFloatNoiseIsShown(
            @ForAll("signalSets") Map<String, Double> signals, @ForAll("deltas") StyleDeltas deltas) {
        // feedback deltas are where 0.6 - 0.32 = 0.27999999999999997 came from (issue #20)
        ModulatedParams p = modulate(signals, deltas).params();
        for (double v : new double[] {p.temperature(), p.topP(), p.reasoningEffort(), p.memoryWrite()}) {
            // the double nearest to a two-decimal number prints with at most two decimals
            assertThat(Double.toString(v)).as(signals.toString()).matches("\\d\\.\\d{1,2}");
        }
    }

    static double get(ModulatedParams p, String name) {
        return switch (name) {
            case "temperature" -> p.temperature();
            case "top_p" -> p.topP();
            case "max_output_tokens" -> p.maxOutputTokens();
            case "reasoning_effort" -> p.reasoningEffort();
            case "retrieval_k" -> p.retrievalK();
            case "planner_beam" -> p.plannerBeam();
            case "memory_write" -> p.memoryWrite();
            default -> throw new IllegalArgumentException(name);
        };
    }

    @Property
    void aSingleActiveSignalYieldsExactlyItsMapValueClamped(
            @ForAll("ordinary") String name, @ForAll("levels") double x) {
        Assume.that(x > 0);
        ModulatedParams p = modulate(Map.of(name, x), StyleDeltas.NONE).params();
        ModulatedParams d = POLICY.defaultParams();
        for (String param : BOUNDS.keySet()) {
            DoubleUnaryOperator f = ORACLE.get(name).get(param);
            double[] b = BOUNDS.get(param);
            double expected =
                    f == null ? get(d, param) : precise(param, Math.max(b[0], Math.min(b[1], f.applyAsDouble(x))));
            assertThat(get(p, param)).as(name + "=" + x + " " + param).isEqualTo(expected);
        }
        SafetyMode mode = name.equals("trust") && x > 0.6 ? SafetyMode.BALANCED : d.safetyMode();
        assertThat(p.safetyMode()).isEqualTo(mode);
        assertThat(p.toolAllowlist()).isEqualTo(name.equals("urgency") ? List.of("retrieval") : d.toolAllowlist());
    }

    @Provide
    Arbitrary<String> ordinary() {
        return Arbitraries.of(ORDINARY);
    }

    @Property
    void alignmentRiskAloneIsTheTighterOfDefaultAndItsCap(@ForAll("levels") double r) {
        Assume.that(r > 0);
        ModulatedParams p =
                modulate(Map.of("alignment_risk", r), StyleDeltas.NONE).params();
        ModulatedParams d = POLICY.defaultParams();
        // caps are rounded to the precision (0.01) in the tightening direction
        assertThat(p.temperature()).isEqualTo(Math.min(d.temperature(), Modulator.floorTo(1 - 0.85 * r, 100)));
        assertThat(p.topP()).isEqualTo(Math.min(d.topP(), Modulator.floorTo(Math.max(0.2, 1 - 0.8 * r), 100)));
        assertThat(p.reasoningEffort())
                .isEqualTo(Math.max(d.reasoningEffort(), Modulator.ceilTo(Math.min(1.0, 0.4 + 0.6 * r), 100)));
        assertThat(p.plannerBeam()).isEqualTo((int) Math.min(d.plannerBeam(), Math.max(1, Math.rint(6 - 4 * r))));
        assertThat(p.safetyMode()).isEqualTo(r > 0.3 ? SafetyMode.STRICT : SafetyMode.BALANCED);
        assertThat(p.toolAllowlist()).isEqualTo(r > 0.7 ? List.of("retrieval") : List.of("retrieval", "browser"));
        assertThat(p.maxOutputTokens()).isEqualTo(d.maxOutputTokens());
        assertThat(p.retrievalK()).isEqualTo(d.retrievalK());
        assertThat(p.memoryWrite()).isEqualTo(d.memoryWrite());
    }
}
