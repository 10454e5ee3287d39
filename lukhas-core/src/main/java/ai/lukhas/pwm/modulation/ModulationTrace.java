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
 * t.parameter("temperature").orElseThrow().cap(); // Optional[NumberProposal[signal=alignment_risk, ..., value=0.49]]
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

    /**
     * A signal's proposal for a parameter (or a safety cap): a number, a safety mode or a tool list.
     * {@link #proposal()} renders it as text for people.
     */
    public sealed interface Contribution permits NumberProposal, ModeProposal, ToolsProposal {
        String signal();

        double level();

        double weight();

        /** The proposal as text, e.g. "0.49", "strict", "[retrieval, browser]". */
        String proposal();
    }

    /** A numeric map's value (for an integer parameter's cap, already rounded in the tightening direction). */
    public record NumberProposal(String signal, double level, double weight, double value) implements Contribution {
        public NumberProposal {
            Objects.requireNonNull(signal, "signal");
        }

        @Override
        public String proposal() {
            return PolicyLoader.fmt(value);
        }
    }

    public record ModeProposal(String signal, double level, double weight, SafetyMode mode) implements Contribution {
        public ModeProposal {
            Objects.requireNonNull(signal, "signal");
            Objects.requireNonNull(mode, "mode");
        }

        @Override
        public String proposal() {
            return mode.wireName();
        }
    }

    public record ToolsProposal(String signal, double level, double weight, List<String> tools)
            implements Contribution {
        public ToolsProposal {
            Objects.requireNonNull(signal, "signal");
            tools = List.copyOf(tools);
        }

        @Override
        public String proposal() {
            return tools.toString();
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
