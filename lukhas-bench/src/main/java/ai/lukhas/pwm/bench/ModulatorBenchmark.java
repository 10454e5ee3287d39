package ai.lukhas.pwm.bench;

import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.modulation.ModulationPolicy;
import ai.lukhas.pwm.modulation.ModulationResult;
import ai.lukhas.pwm.modulation.Modulator;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.modulation.SignalOutcome;
import ai.lukhas.pwm.modulation.StyleDeltas;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of one combine (modulate) with 0, 1 and 6 active signals, with feedback deltas, and of
 * recording a signal, on the default policy. Budget: under 1 µs per combine with six active signals.
 *
 * <p>Run: {@code bin/bench -f 1 -wi 3 -i 5 -w 2s -r 2s ModulatorBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ModulatorBenchmark {
    private Modulator modulator;
    private final StyleDeltas deltas = new StyleDeltas(0.05, -0.02, 0.1);
    private final SignalInput risk = SignalInput.of("alignment_risk", 0.4, "bench");

    @Setup
    public void setUp() {
        // A fixed clock keeps every signal active for the whole run; alignment_risk has no cooldown,
        // so recordSignal is accepted (not suppressed) on every call.
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        modulator = Modulator.create(ModulationPolicy.loadDefault(), clock, Flags.fixed(Map.of()));
        modulator.record("one", SignalInput.of("stress", 0.5, "bench"));
        modulator.record("six", SignalInput.of("alignment_risk", 0.6, "bench"));
        modulator.record("six", SignalInput.of("stress", 0.5, "bench"));
        modulator.record("six", SignalInput.of("ambiguity", 0.4, "bench"));
        modulator.record("six", SignalInput.of("novelty", 0.3, "bench"));
        modulator.record("six", SignalInput.of("trust", 0.8, "bench"));
        modulator.record("six", SignalInput.of("urgency", 0.2, "bench"));
    }

    @Benchmark
    public ModulationResult combineNoSignals() {
        return modulator.modulate("none", StyleDeltas.NONE);
    }

    @Benchmark
    public ModulationResult combineOneSignal() {
        return modulator.modulate("one", StyleDeltas.NONE);
    }

    @Benchmark
    public ModulationResult combineSixSignals() {
        return modulator.modulate("six", StyleDeltas.NONE);
    }

    @Benchmark
    public ModulationResult combineSixSignalsWithFeedback() {
        return modulator.modulate("six", deltas);
    }

    @Benchmark
    public SignalOutcome recordSignal() {
        return modulator.record("recorder", risk);
    }
}
