package ai.lukhas.pwm.bench;

import ai.lukhas.pwm.expr.Expression;
import ai.lukhas.pwm.expr.ValueType;
import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.modulation.ModulationPolicy;
import ai.lukhas.pwm.modulation.ModulationResult;
import ai.lukhas.pwm.modulation.Modulator;
import ai.lukhas.pwm.modulation.SessionKey;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.modulation.SignalOutcome;
import ai.lukhas.pwm.modulation.StyleDeltas;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of one combine (modulate) with 0, 1 and 6 active signals, with feedback deltas, of the
 * expression evaluation alone inside a six-signal combine, and of recording a signal, on the default
 * policy. Budget: under 1 µs per combine with six active signals.
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

    /** The 19 numeric maps the six-signal combine evaluates (ordinary maps and alignment_risk caps), as in the default policy. */
    private static final String[][] NUMERIC_MAPS = {
        {"alignment_risk", "1 - 0.85*x"},
        {"alignment_risk", "max(0.2, 1 - 0.8*x)"},
        {"alignment_risk", "min(1.0, 0.4 + 0.6*x)"},
        {"alignment_risk", "max(1, round(6 - 4*x))"},
        {"stress", "max(0.1, 0.7 - 0.6*x)"},
        {"stress", "max(0.3, 0.9 - 0.5*x)"},
        {"stress", "round(1400 - 600*x)"},
        {"stress", "min(10, 4 + round(4*x))"},
        {"ambiguity", "min(1.0, 0.3 + 0.7*x)"},
        {"ambiguity", "min(10, 6 + round(3*x))"},
        {"ambiguity", "min(6, 2 + round(3*x))"},
        {"urgency", "round(900 - 500*x)"},
        {"urgency", "max(0.2, 0.8 - 0.6*x)"},
        {"novelty", "min(1.0, 0.6 + 0.6*x)"},
        {"novelty", "min(1.0, 0.7 + 0.3*x)"},
        {"novelty", "min(6, 3 + round(3*x))"},
        {"novelty", "min(1.0, 0.3 + 0.7*x)"},
        {"trust", "min(1.0, 0.5 + 0.4*x)"},
        {"trust", "min(1.0, 0.5 + 0.5*x)"},
    };

    private Expression[] maps;
    private int[] mapSignal;
    private final double[] levels = {0.6, 0.5, 0.4, 0.3, 0.8, 0.2};

    @Setup
    public void setUp() {
        List<String> names = ModulationPolicy.loadDefault().signalNames();
        ai.lukhas.pwm.expr.Scope scope = new ai.lukhas.pwm.expr.Scope(names, Set.of());
        maps = new Expression[NUMERIC_MAPS.length];
        mapSignal = new int[NUMERIC_MAPS.length];
        for (int i = 0; i < maps.length; i++) {
            maps[i] = Expression.compile(NUMERIC_MAPS[i][1], scope, ValueType.NUMBER);
            mapSignal[i] = names.indexOf(NUMERIC_MAPS[i][0]);
        }
        // A fixed clock keeps every signal active for the whole run; alignment_risk has no cooldown,
        // so recordSignal is accepted (not suppressed) on every call.
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        modulator = Modulator.create(ModulationPolicy.loadDefault(), clock, Flags.fixed(Map.of()));
        modulator.record(SessionKey.of("t", "one"), SignalInput.of("stress", 0.5, "bench"));
        modulator.record(SessionKey.of("t", "six"), SignalInput.of("alignment_risk", 0.6, "bench"));
        modulator.record(SessionKey.of("t", "six"), SignalInput.of("stress", 0.5, "bench"));
        modulator.record(SessionKey.of("t", "six"), SignalInput.of("ambiguity", 0.4, "bench"));
        modulator.record(SessionKey.of("t", "six"), SignalInput.of("novelty", 0.3, "bench"));
        modulator.record(SessionKey.of("t", "six"), SignalInput.of("trust", 0.8, "bench"));
        modulator.record(SessionKey.of("t", "six"), SignalInput.of("urgency", 0.2, "bench"));
    }

    @Benchmark
    public ModulationResult combineNoSignals() {
        return modulator.modulate(SessionKey.of("t", "none"), StyleDeltas.NONE);
    }

    @Benchmark
    public ModulationResult combineOneSignal() {
        return modulator.modulate(SessionKey.of("t", "one"), StyleDeltas.NONE);
    }

    @Benchmark
    public ModulationResult combineSixSignals() {
        return modulator.modulate(SessionKey.of("t", "six"), StyleDeltas.NONE);
    }

    @Benchmark
    public ModulationResult combineSixSignalsWithFeedback() {
        return modulator.modulate(SessionKey.of("t", "six"), deltas);
    }

    /** Only the expression evaluation inside a six-signal combine: the 19 numeric maps, no trace. */
    @Benchmark
    public double evaluateSixSignalMaps() {
        double sum = 0;
        for (int i = 0; i < maps.length; i++) {
            int s = mapSignal[i];
            sum += maps[i].evalNumber(levels[s], levels);
        }
        return sum;
    }

    @Benchmark
    public SignalOutcome recordSignal() {
        return modulator.record(SessionKey.of("t", "recorder"), risk);
    }
}
