package ai.lukhas.pwm.modulation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why each parameter has its value: which signals contributed (with weight, level and the map's
 * proposal), whether a safety cap, feedback or a bound changed it, and what happened to each signal
 * (active, expired, suppressed by a cooldown, clamped into [0, 1]).
 *
 * <pre>{@code
 * ModulationTrace t = modulator.modulate("s1", StyleDeltas.NONE).trace();
 * t.parameter("temperature").orElseThrow().cap(); // Optional[alignment_risk proposal 0.49]
 * }</pre>
 */
public record ModulationTrace(Instant at, List<Parameter> parameters, List<Signal> signals, boolean strictDefault) {
    public ModulationTrace {
        Objects.requireNonNull(at, "at");
        parameters = List.copyOf(parameters);
        signals = List.copyOf(signals);
    }

    /** The trace of one parameter by its policy name, e.g. "top_p". */
    public Optional<Parameter> parameter(String name) {
        for (Parameter p : parameters) {
            if (p.name().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * One parameter: {@code contributions} are the blended or proposing signals (empty and
     * {@code fromDefault} when none did); {@code feedbackDelta} the style delta added; {@code cap} the
     * safety signal's proposal and {@code capApplied} whether it changed the value; {@code bounded}
     * whether the bounds clamp changed it; {@code notes} anything else worth saying.
     */
    public record Parameter(
            String name,
            List<Contribution> contributions,
            boolean fromDefault,
            double feedbackDelta,
            Optional<Contribution> cap,
            boolean capApplied,
            boolean bounded,
            List<String> notes) {
        public Parameter {
            Objects.requireNonNull(name, "name");
            contributions = List.copyOf(contributions);
            Objects.requireNonNull(cap, "cap");
            notes = List.copyOf(notes);
        }
    }

    /** A signal's proposal for a parameter: a number, a mode name or a tool list, as text. */
    public record Contribution(String signal, double level, double weight, String proposal) {
        public Contribution {
            Objects.requireNonNull(signal, "signal");
            Objects.requireNonNull(proposal, "proposal");
        }
    }

    /** A signal's state at this instant: where it came from, its level and until when it holds. */
    public record Signal(
            String name,
            Scope scope,
            Status status,
            double level,
            Optional<Double> clampedFrom,
            Instant recordedAt,
            Instant until,
            String source) {
        public Signal {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(clampedFrom, "clampedFrom");
            Objects.requireNonNull(recordedAt, "recordedAt");
            Objects.requireNonNull(until, "until");
            Objects.requireNonNull(source, "source");
        }
    }

    /** Whether a signal was recorded for this session or globally (for every session). */
    public enum Scope {
        SESSION,
        GLOBAL
    }

    /**
     * ACTIVE: in effect until {@code until}. EXPIRED: its ttl ended at {@code until}. SUPPRESSED: a new
     * level arrived within the cooldown (ending at {@code until}) and was ignored. SHADOWED: active
     * globally and in the session; the session's level is used (for a safety signal, the higher).
     */
    public enum Status {
        ACTIVE,
        EXPIRED,
        SUPPRESSED,
        SHADOWED
    }
}
