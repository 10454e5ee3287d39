package ai.lukhas.pwm.modulation;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.expr.Expression;
import ai.lukhas.pwm.flags.Flags;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Combines the signals of a session into bounded parameters, exactly as
 * docs/modulation.md states: accept (validate, clamp, ttl, cooldown), blend, categorical, feedback
 * deltas, safety caps, bounds. Thread-safe for many concurrent sessions. A session whose signals have
 * all expired and left their cooldowns is dropped (it could no longer change any result), so memory
 * is bounded by the sessions active within the longest ttl.
 *
 * <pre>{@code
 * Modulator m = Modulator.create(ModulationPolicy.loadDefault(), Clock.systemUTC(), flags);
 * SessionKey s1 = SessionKey.of("acme", "s1");
 * m.record(s1, new SignalInput("alignment_risk", 1.0, Optional.empty(), "client"));
 * ModulationResult r = m.modulate(s1, StyleDeltas.NONE); // r.params().safetyMode() == STRICT
 * }</pre>
 */
public final class Modulator {
    /** With this flag on, strict is a floor: the mode is strict whatever the signals propose. */
    public static final String STRICT_DEFAULT_FLAG = "STRICT_DEFAULT";

    private static final long SWEEP_INTERVAL_MS = 1_000;
    private static final long MAX_TTL_MS = 100L * 365 * 24 * 3600 * 1000;

    private final ModulationPolicy policy;
    private final Clock clock;
    private final Flags flags;
    private final ConcurrentHashMap<SessionKey, SignalState> sessions = new ConcurrentHashMap<>();
    private final AtomicLong nextSweepAt = new AtomicLong(Long.MIN_VALUE);
    private final ModulationTrace.Parameter[] untouched = new ModulationTrace.Parameter[Param.NUMERIC];
    /**
     * Per numeric parameter, the ordinary signals that map it and their maps, in signal order (the
     * blend sums in this order); then the same for safety signals (caps). Built once, read-only.
     */
    private final int[][] blendSignals = new int[Param.NUMERIC][];

    private final Expression[][] blendMaps = new Expression[Param.NUMERIC][];
    private final int[][] capSignals = new int[Param.NUMERIC][];
    private final Expression[][] capMaps = new Expression[Param.NUMERIC][];

    private Modulator(ModulationPolicy policy, Clock clock, Flags flags) {
        this.policy = policy;
        this.clock = clock;
        this.flags = flags;
        for (int q = 0; q < Param.NUMERIC; q++) {
            untouched[q] = untouched(Param.ALL[q]);
            int blend = 0;
            int caps = 0;
            for (int i = 0; i < policy.signalNames.length; i++) {
                if (policy.numericMaps[i][q] != null) {
                    if (policy.safety[i]) {
                        caps++;
                    } else {
                        blend++;
                    }
                }
            }
            blendSignals[q] = new int[blend];
            blendMaps[q] = new Expression[blend];
            capSignals[q] = new int[caps];
            capMaps[q] = new Expression[caps];
            blend = 0;
            caps = 0;
            for (int i = 0; i < policy.signalNames.length; i++) {
                Expression map = policy.numericMaps[i][q];
                if (map != null && policy.safety[i]) {
                    capSignals[q][caps] = i;
                    capMaps[q][caps++] = map;
                } else if (map != null) {
                    blendSignals[q][blend] = i;
                    blendMaps[q][blend++] = map;
                }
            }
        }
    }

    /** A modulator over {@code policy}; time comes from {@code clock}, STRICT_DEFAULT from {@code flags}. */
    public static Modulator create(ModulationPolicy policy, Clock clock, Flags flags) {
        return new Modulator(
                Objects.requireNonNull(policy, "policy"),
                Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(flags, "flags"));
    }

    public ModulationPolicy policy() {
        return policy;
    }

    /** Records a signal for one session. Unknown names and non-finite levels are {@link SignalOutcome.Rejected}. */
    public SignalOutcome record(SessionKey sessionId, SignalInput signal) {
        Checks.nonNull("sessionId, signal", sessionId, signal);
        int i = policy.signalIndex(signal.name());
        Optional<SignalOutcome> rejected = validate(i, signal);
        if (rejected.isPresent()) {
            return rejected.get();
        }
        long now = clock.millis();
        long ttl = ttlMs(i, signal);
        SignalOutcome[] out = new SignalOutcome[1];
        // compute() makes the record atomic with respect to the idle sweep removing this session.
        sessions.compute(sessionId, (id, state) -> {
            SignalState s = state == null ? new SignalState(policy.signalNames.length) : state;
            synchronized (s) {
                out[0] = s.record(policy, i, signal.level(), ttl, signal.source(), now);
            }
            return s;
        });
        maybeSweep(now);
        return out[0];
    }

    /** {@link #modulate(SessionKey, StyleDeltas)} without feedback. */
    public ModulationResult modulate(SessionKey sessionId) {
        return modulate(sessionId, StyleDeltas.NONE);
    }

    /**
     * The parameters for the session at this instant from its signals alone, with feedback style deltas
     * applied before the caps. A session under an escalation hold is modulated by the governance layer
     * with its {@link StrictFloor}; see {@link #modulate(SessionKey, StyleDeltas, Optional)}.
     */
    public ModulationResult modulate(SessionKey sessionId, StyleDeltas deltas) {
        return modulate(sessionId, deltas, Optional.empty());
    }

    /**
     * The parameters for the session at this instant, with feedback style deltas applied before the caps
     * and, when {@code floor} is present, strict mode and every safety signal at level 1.0 at least: no
     * signal the session recorded can loosen anything below the strict caps.
     */
    public ModulationResult modulate(SessionKey sessionId, StyleDeltas deltas, Optional<StrictFloor> floor) {
        Checks.nonNull("sessionId, deltas, floor", sessionId, deltas, floor);
        long now = clock.millis();
        SignalState session = sessions.get(sessionId);
        // An immutable snapshot (copy-on-write) of the session's signals, as this combine sees them.
        SignalState.Slot[] s = session == null ? null : session.slots();
        double[] levels = levels(s, now);
        boolean strictDefault = flags.isEnabled(STRICT_DEFAULT_FLAG, false);
        List<String> strictNotes = strictDefault ? STRICT_DEFAULT_NOTE : List.of();
        if (floor.isPresent()) {
            for (int i = 0; i < levels.length; i++) {
                if (policy.safety[i]) {
                    levels[i] = 1.0;
                }
            }
            strictNotes = strictDefault
                    ? List.of(STRICT_DEFAULT_NOTE.get(0), floor.get().note())
                    : List.of(floor.get().note());
        }
        ModulatedParams params = combine(levels, deltas, strictNotes, null);
        // The trace is rendered from the same snapshot on first access: combine is a pure function of
        // (levels, deltas, strictNotes), so re-running it with a trace sink yields the trace of this
        // very combine.
        ModulationTrace trace =
                new ModulationTrace(now, strictDefault, new Snapshot(this, levels, deltas, strictNotes, s, now));
        return new ModulationResult(params, policy.styles.get(params.safetyMode()), trace, policy.info);
    }

    /**
     * What a combine would see for this session now: the session's signals with their status (active,
     * expired, suppressed), as in {@link ModulationTrace#signals()}.
     */
    public List<ModulationTrace.Signal> signals(SessionKey sessionId) {
        Objects.requireNonNull(sessionId, "sessionId");
        long now = clock.millis();
        SignalState session = sessions.get(sessionId);
        return describe(session == null ? null : session.slots(), now);
    }

    /** Sessions currently held in memory (idle ones are dropped within about a second of clock time). */
    public int sessionCount() {
        return sessions.size();
    }

    /** The level of each signal at {@code now}: 0 for a signal the session never recorded or that expired. */
    private double[] levels(SignalState.Slot[] s, long now) {
        double[] levels = new double[policy.signalNames.length];
        if (s != null) {
            for (int i = 0; i < levels.length; i++) {
                SignalState.Slot slot = s[i];
                if (slot != null && now < slot.expiresAt()) {
                    levels[i] = slot.level();
                }
            }
        }
        return levels;
    }

    /** Everything one combine read, immutable, from which its trace is rendered on demand. */
    private record Snapshot(
            Modulator m,
            double[] levels,
            StyleDeltas deltas,
            List<String> strictNotes,
            SignalState.Slot[] session,
            long now)
            implements ModulationTrace.Source {
        @Override
        public List<ModulationTrace.Parameter> parameters() {
            List<ModulationTrace.Parameter> traces = new ArrayList<>(Param.ALL.length);
            m.combine(levels, deltas, strictNotes, traces);
            return traces;
        }

        @Override
        public List<ModulationTrace.Signal> signals() {
            return m.describe(session, now);
        }
    }

    /**
     * Blend, categorical, feedback, caps and bounds over the signal levels. A non-empty {@code strictNotes}
     * makes strict the floor of safety_mode (STRICT_DEFAULT, an escalation hold) and says why in the trace.
     * When {@code traces} is not null, appends one trace entry per parameter (in {@link Param} order); the
     * values computed are the same either way.
     */
    private ModulatedParams combine(
            double[] levels, StyleDeltas deltas, List<String> strictNotes, List<ModulationTrace.Parameter> traces) {
        ModulationPolicy p = policy;
        int n = levels.length;
        boolean tracing = traces != null;
        double[] values = new double[Param.NUMERIC];
        // One scratch buffer per traced combine; each parameter's contributions are copied out of it once.
        ModulationTrace.Contribution[] buf = tracing ? new ModulationTrace.Contribution[n] : null;

        for (int q = 0; q < Param.NUMERIC; q++) {
            Param param = Param.ALL[q];
            double num = 0;
            double den = 0;
            double only = 0;
            int k = 0;
            int[] blendAt = blendSignals[q];
            Expression[] blendBy = blendMaps[q];
            for (int j = 0; j < blendAt.length; j++) {
                int i = blendAt[j];
                double x = levels[i];
                if (x > 0) {
                    double v = blendBy[j].evalNumber(x, levels);
                    if (Double.isFinite(v)) {
                        double w = p.weight[i] * x;
                        num += w * v;
                        den += w;
                        only = v;
                        if (tracing) {
                            buf[k] = new ModulationTrace.NumberProposal(p.signalNames[i], x, p.weight[i], v);
                        }
                        k++;
                    }
                }
            }
            boolean fromDefault = den == 0;
            // One contributor gives exactly its map's value: (w*v)/w is not always v in floating point.
            double value = fromDefault ? p.defaults[q] : k == 1 ? only : num / den;
            if (param.kind == Param.Kind.INTEGER) {
                value = Math.rint(value);
            }
            double feedback = feedback(q, deltas);
            value += feedback;

            boolean down = p.tightenDown[q];
            int capSignal = -1;
            double capValue = 0;
            boolean capApplied = false;
            int[] capAt = capSignals[q];
            Expression[] capBy = capMaps[q];
            for (int j = 0; j < capAt.length; j++) {
                int i = capAt[j];
                double x = levels[i];
                if (x > 0) {
                    double c = capBy[j].evalNumber(x, levels);
                    if (!Double.isFinite(c)) {
                        continue;
                    }
                    // Round a cap to the parameter's precision (whole numbers for integers) in the
                    // tightening direction, so the final rounding below can never loosen it.
                    c = down ? floorTo(c, p.scale[q]) : ceilTo(c, p.scale[q]);
                    double capped = down ? Math.min(value, c) : Math.max(value, c);
                    if (capped != value) {
                        capApplied = true;
                        value = capped;
                    }
                    capSignal = i;
                    capValue = c;
                }
            }
            double bounded = Math.max(p.lo[q], Math.min(p.hi[q], value));
            boolean wasBounded = bounded != value;
            // To the declared precision, so no float noise (0.15000000000000002) is sent or shown.
            // Rounding is monotone and the bounds and caps are multiples of the precision, so
            // it keeps every order the invariants rely on and never leaves a bound or a cap.
            values[q] = Math.rint(bounded * p.scale[q]) / p.scale[q];
            if (tracing) {
                Optional<ModulationTrace.Contribution> cap = capSignal < 0
                        ? Optional.empty()
                        : Optional.of(new ModulationTrace.NumberProposal(
                                p.signalNames[capSignal], levels[capSignal], p.weight[capSignal], capValue));
                traces.add(
                        fromDefault && feedback == 0 && cap.isEmpty() && !wasBounded
                                ? untouched[q]
                                : new ModulationTrace.Parameter(
                                        param.wireName,
                                        immutable(buf, k),
                                        fromDefault,
                                        feedback,
                                        cap,
                                        capApplied,
                                        wasBounded,
                                        List.of()));
            }
        }

        // safety_mode: strictest proposal, else the default; STRICT_DEFAULT is a floor; caps after.
        SafetyMode mode = null;
        List<ModulationTrace.Contribution> modeContribs = List.of();
        long tools = p.defaultTools;
        boolean toolProposed = false;
        List<ModulationTrace.Contribution> toolContribs = List.of();
        for (int i = 0; i < n; i++) {
            double x = levels[i];
            if (x <= 0 || p.safety[i]) {
                continue;
            }
            if (p.modeMaps[i] != null) {
                int c = p.modeMaps[i].evalChoice(x, levels);
                if (c >= 0) {
                    SafetyMode proposed = p.modeChoices[i][c];
                    mode = mode == null ? proposed : SafetyMode.strictest(mode, proposed);
                    if (tracing) {
                        if (modeContribs.isEmpty()) {
                            modeContribs = new ArrayList<>(n);
                        }
                        modeContribs.add(new ModulationTrace.ModeProposal(p.signalNames[i], x, p.weight[i], proposed));
                    }
                }
            }
            if (p.toolMaps[i] != null) {
                int c = p.toolMaps[i].evalChoice(x, levels);
                if (c >= 0) {
                    tools &= p.toolChoices[i][c];
                    toolProposed = true;
                    if (tracing) {
                        if (toolContribs.isEmpty()) {
                            toolContribs = new ArrayList<>(n);
                        }
                        toolContribs.add(new ModulationTrace.ToolsProposal(
                                p.signalNames[i],
                                x,
                                p.weight[i],
                                p.toolMaps[i].lists().get(c)));
                    }
                }
            }
        }
        boolean modeFromDefault = mode == null;
        if (mode == null) {
            mode = p.defaultMode;
        }
        List<String> modeNotes = List.of();
        if (!strictNotes.isEmpty() && mode != SafetyMode.STRICT) {
            mode = SafetyMode.STRICT;
            modeNotes = strictNotes;
        }
        Optional<ModulationTrace.Contribution> modeCap = Optional.empty();
        boolean modeCapApplied = false;
        Optional<ModulationTrace.Contribution> toolCap = Optional.empty();
        boolean toolCapApplied = false;
        for (int i = 0; i < n; i++) {
            double x = levels[i];
            if (x <= 0 || !p.safety[i]) {
                continue;
            }
            if (p.modeMaps[i] != null) {
                int c = p.modeMaps[i].evalChoice(x, levels);
                if (c >= 0) {
                    SafetyMode capMode = p.modeChoices[i][c];
                    if (capMode.isStricterThan(mode)) {
                        mode = capMode;
                        modeCapApplied = true;
                    }
                    if (tracing) {
                        modeCap = Optional.of(
                                new ModulationTrace.ModeProposal(p.signalNames[i], x, p.weight[i], capMode));
                    }
                }
            }
            if (p.toolMaps[i] != null) {
                int c = p.toolMaps[i].evalChoice(x, levels);
                if (c >= 0) {
                    long capped = tools & p.toolChoices[i][c];
                    toolCapApplied |= capped != tools;
                    tools = capped;
                    if (tracing) {
                        toolCap = Optional.of(new ModulationTrace.ToolsProposal(
                                p.signalNames[i],
                                x,
                                p.weight[i],
                                p.toolMaps[i].lists().get(c)));
                    }
                }
            }
        }
        if (tracing) {
            traces.add(new ModulationTrace.Parameter(
                    Param.SAFETY_MODE.wireName,
                    modeContribs,
                    modeFromDefault,
                    0,
                    modeCap,
                    modeCapApplied,
                    false,
                    modeNotes));
            traces.add(new ModulationTrace.Parameter(
                    Param.TOOL_ALLOWLIST.wireName,
                    toolContribs,
                    !toolProposed,
                    0,
                    toolCap,
                    toolCapApplied,
                    false,
                    List.of()));
        }

        return p.params(values, mode, tools);
    }

    private static final List<String> STRICT_DEFAULT_NOTE = List.of("STRICT_DEFAULT flag is on: strict is the floor");

    private static List<ModulationTrace.Contribution> immutable(ModulationTrace.Contribution[] buf, int k) {
        return switch (k) {
            case 0 -> List.of();
            case 1 -> List.of(buf[0]);
            case 2 -> List.of(buf[0], buf[1]);
            default -> List.of(java.util.Arrays.copyOf(buf, k));
        };
    }

    /**
     * The largest multiple of 1/scale not above {@code c}: never looser than the cap, even where
     * {@code c * scale} rounds up to a whole number in floating point.
     */
    static double floorTo(double c, double scale) {
        double k = Math.floor(c * scale);
        return k / scale > c ? (k - 1) / scale : k / scale;
    }

    /** The smallest multiple of 1/scale not below {@code c}. */
    static double ceilTo(double c, double scale) {
        double k = Math.ceil(c * scale);
        return k / scale < c ? (k + 1) / scale : k / scale;
    }

    private static double feedback(int q, StyleDeltas deltas) {
        return q == Param.TEMPERATURE.ordinal()
                ? deltas.temperatureDelta()
                : q == Param.TOP_P.ordinal()
                        ? deltas.topPDelta()
                        : q == Param.MEMORY_WRITE.ordinal() ? deltas.memoryWriteBoost() : 0.0;
    }

    /** The trace of a numeric parameter that kept its default untouched: one shared immutable value. */
    private static ModulationTrace.Parameter untouched(Param p) {
        return new ModulationTrace.Parameter(p.wireName, List.of(), true, 0, Optional.empty(), false, false, List.of());
    }

    /** The session's signals of a snapshot ({@code null}: none recorded), with their status at {@code now}. */
    private List<ModulationTrace.Signal> describe(SignalState.Slot[] slots, long now) {
        if (slots == null) {
            return List.of();
        }
        List<ModulationTrace.Signal> out = new ArrayList<>();
        for (int i = 0; i < slots.length; i++) {
            SignalState.Slot s = slots[i];
            if (s == null) {
                continue;
            }
            boolean active = now < s.expiresAt();
            out.add(new ModulationTrace.Signal(
                    policy.signalNames[i],
                    active ? ModulationTrace.Status.ACTIVE : ModulationTrace.Status.EXPIRED,
                    s.level(),
                    s.clampedFrom(),
                    s.acceptedInstant(),
                    s.expiresInstant(),
                    s.source()));
            if (s.suppressed()) {
                out.add(new ModulationTrace.Signal(
                        policy.signalNames[i],
                        ModulationTrace.Status.SUPPRESSED,
                        s.suppressedLevel(),
                        Optional.empty(),
                        Instant.ofEpochMilli(s.suppressedAt()),
                        Instant.ofEpochMilli(SignalState.saturatedAdd(s.acceptedAt(), policy.cooldownMs[i])),
                        s.suppressedSource()));
            }
        }
        return List.copyOf(out);
    }

    private Optional<SignalOutcome> validate(int index, SignalInput signal) {
        if (index < 0) {
            return Optional.of(new SignalOutcome.Rejected(
                    signal.name(),
                    "unknown signal '" + signal.name() + "' (expected one of " + String.join(", ", policy.signalNames)
                            + ")"));
        }
        if (!Double.isFinite(signal.level())) {
            return Optional.of(new SignalOutcome.Rejected(
                    signal.name(),
                    "level of " + signal.name() + " must be a finite number in [0, 1], but was " + signal.level()));
        }
        return Optional.empty();
    }

    private long ttlMs(int index, SignalInput signal) {
        if (signal.ttl().isEmpty()) {
            return policy.ttlMs[index];
        }
        java.time.Duration d = signal.ttl().get();
        return d.compareTo(java.time.Duration.ofMillis(MAX_TTL_MS)) > 0 ? MAX_TTL_MS : Math.max(1, d.toMillis());
    }

    /** At most once per second of clock time, drop sessions that can no longer affect any result. */
    private void maybeSweep(long now) {
        long due = nextSweepAt.get();
        if (now < due || !nextSweepAt.compareAndSet(due, now + SWEEP_INTERVAL_MS)) {
            return;
        }
        for (SessionKey id : sessions.keySet()) {
            sessions.computeIfPresent(id, (k, s) -> {
                synchronized (s) {
                    return s.idleAt(policy, now) ? null : s;
                }
            });
        }
    }
}
