package ai.lukhas.pwm.modulation;

import ai.lukhas.pwm.check.Checks;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why each parameter has its value: which signals contributed (with weight, level and the map's
 * proposal), whether a safety cap, feedback or a bound changed it, and what happened to each signal
 * (active, expired, suppressed by a cooldown, clamped into [0, 1]). A trace returned by
 * {@link Modulator#modulate} is rendered on first access from an immutable snapshot of that combine
 * (the levels and the signal states it read), so its content is fixed at the combine and later
 * signals or clock changes do not alter it; a caller that never reads it does not pay for it.
 *
 * <pre>{@code
 * ModulationTrace t = modulator.modulate("s1", StyleDeltas.NONE).trace();
 * t.parameter("temperature").orElseThrow().cap(); // Optional[NumberProposal[signal=alignment_risk, ..., value=0.49]]
 * }</pre>
 */
public final class ModulationTrace {
    /**
     * Renders the per-parameter and per-signal parts of a trace from an immutable snapshot of one
     * combine. Called at most once per part and trace (on first access), so a caller that never reads
     * the trace never pays for it.
     */
    interface Source {
        List<Parameter> parameters();

        List<Signal> signals();
    }

    private final long atMillis;
    private final boolean strictDefault;
    private final Source source;
    private volatile Instant at;
    private volatile List<Parameter> parameters;
    private volatile List<Signal> signals;

    /** A trace with the given parts (the lists are copied). */
    public ModulationTrace(Instant at, List<Parameter> parameters, List<Signal> signals, boolean strictDefault) {
        this.at = Objects.requireNonNull(at, "at");
        this.atMillis = at.toEpochMilli();
        this.parameters = List.copyOf(parameters);
        this.signals = List.copyOf(signals);
        this.strictDefault = strictDefault;
        this.source = null;
    }

    /** A trace whose parts are rendered from {@code source} on first access. */
    ModulationTrace(long atMillis, boolean strictDefault, Source source) {
        this.atMillis = atMillis;
        this.strictDefault = strictDefault;
        this.source = Objects.requireNonNull(source, "source");
    }

    /** The instant of the combine. */
    public Instant at() {
        Instant a = at;
        if (a == null) {
            a = Instant.ofEpochMilli(atMillis);
            at = a;
        }
        return a;
    }

    /** One entry per parameter, in the order of {@link ModulatedParams}. */
    public List<Parameter> parameters() {
        // Racy single-check: rendering is deterministic and its result immutable, so a duplicate render
        // under contention yields an equal value and the volatile write publishes it safely.
        List<Parameter> p = parameters;
        if (p == null) {
            p = List.copyOf(source.parameters());
            parameters = p;
        }
        return p;
    }

    /** The session's signals as the combine saw them. */
    public List<Signal> signals() {
        List<Signal> s = signals;
        if (s == null) {
            s = List.copyOf(source.signals());
            signals = s;
        }
        return s;
    }

    /** Whether the STRICT_DEFAULT flag was on at the combine. */
    public boolean strictDefault() {
        return strictDefault;
    }

    /** The trace of one parameter by its policy name, e.g. "top_p". */
    public Optional<Parameter> parameter(String name) {
        for (Parameter p : parameters()) {
            if (p.name().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Value equality over at, parameters, signals and strictDefault (as when this was a record). */
    @Override
    public boolean equals(Object o) {
        return o == this
                || o instanceof ModulationTrace t
                        && at().equals(t.at())
                        && strictDefault == t.strictDefault
                        && parameters().equals(t.parameters())
                        && signals().equals(t.signals());
    }

    @Override
    public int hashCode() {
        return Objects.hash(at(), parameters(), signals(), strictDefault);
    }

    @Override
    public String toString() {
        return "ModulationTrace[at=" + at() + ", parameters=" + parameters() + ", signals=" + signals()
                + ", strictDefault=" + strictDefault + "]";
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
            Checks.nonNull("name, cap", name, cap);
            contributions = List.copyOf(contributions);
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
            Checks.nonNull("signal, mode", signal, mode);
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
            Status status,
            double level,
            Optional<Double> clampedFrom,
            Instant recordedAt,
            Instant until,
            String source) {
        public Signal {
            Checks.nonNull("name, status, clampedFrom", name, status, clampedFrom);
            Checks.nonNull("recordedAt, until, source", recordedAt, until, source);
        }
    }

    /**
     * ACTIVE: in effect until {@code until}. EXPIRED: its ttl ended at {@code until}. SUPPRESSED: a new
     * level arrived within the cooldown (ending at {@code until}) and was ignored.
     */
    public enum Status {
        ACTIVE,
        EXPIRED,
        SUPPRESSED
    }
}
