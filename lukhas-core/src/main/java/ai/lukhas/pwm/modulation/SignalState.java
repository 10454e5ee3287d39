package ai.lukhas.pwm.modulation;

/**
 * The signals of one session (or the global set), one slot per policy signal. Guarded by its own
 * monitor: writers are {@link Modulator#record}, readers {@link Modulator#modulate}.
 */
final class SignalState {
    final boolean[] present;
    final double[] level;

    final long[] acceptedAt;
    /** acceptedAt, expiresAt and clampedFrom as the trace reports them, built once per record, not per combine. */
    final java.time.Instant[] acceptedInstant;

    final java.time.Instant[] expiresInstant;
    final java.util.Optional<?>[] clampedOptional;

    final long[] expiresAt;
    final String[] source;
    final boolean[] suppressed;
    final double[] suppressedLevel;
    final long[] suppressedAt;
    final String[] suppressedSource;

    SignalState(int n) {
        present = new boolean[n];
        level = new double[n];
        acceptedAt = new long[n];
        acceptedInstant = new java.time.Instant[n];
        expiresInstant = new java.time.Instant[n];
        clampedOptional = new java.util.Optional<?>[n];
        expiresAt = new long[n];
        source = new String[n];
        suppressed = new boolean[n];
        suppressedLevel = new double[n];
        suppressedAt = new long[n];
        suppressedSource = new String[n];
    }

    /** Records one finite input at {@code now} (epoch ms); caller holds the monitor. */
    SignalOutcome record(ModulationPolicy policy, int i, double input, long ttlMs, String src, long now) {
        double clamped = Math.max(0.0, Math.min(1.0, input));
        if (present[i] && now - acceptedAt[i] < policy.cooldownMs[i]) {
            double currentLevel = now < expiresAt[i] ? level[i] : 0.0;
            boolean safetyRise = policy.safety[i] && clamped > currentLevel;
            if (!safetyRise) {
                suppressed[i] = true;
                suppressedLevel[i] = clamped;
                suppressedAt[i] = now;
                suppressedSource[i] = src;
                return new SignalOutcome.Suppressed(
                        policy.signalNames[i],
                        clamped,
                        java.time.Instant.ofEpochMilli(acceptedAt[i] + policy.cooldownMs[i]));
            }
        }
        present[i] = true;
        level[i] = clamped;
        acceptedAt[i] = now;
        expiresAt[i] = saturatedAdd(now, ttlMs);
        source[i] = src;
        suppressed[i] = false;
        acceptedInstant[i] = java.time.Instant.ofEpochMilli(now);
        expiresInstant[i] = java.time.Instant.ofEpochMilli(expiresAt[i]);
        java.util.Optional<Double> clampedInput =
                clamped == input ? java.util.Optional.empty() : java.util.Optional.of(input);
        clampedOptional[i] = clampedInput;
        return new SignalOutcome.Accepted(policy.signalNames[i], clamped, clampedInput, expiresInstant[i]);
    }

    @SuppressWarnings("unchecked")
    java.util.Optional<Double> clampedFrom(int i) {
        return (java.util.Optional<Double>) clampedOptional[i];
    }

    /**
     * True when nothing here can affect a future combine or record: every signal has expired and is
     * out of its cooldown. Dropping such a state changes no result, which is what bounds memory.
     */
    boolean idleAt(ModulationPolicy policy, long now) {
        for (int i = 0; i < present.length; i++) {
            if (present[i] && (now < expiresAt[i] || now - acceptedAt[i] < policy.cooldownMs[i])) {
                return false;
            }
        }
        return true;
    }

    /** 9999-12-31T23:59:59.999Z: far enough, and still an {@link java.time.Instant} in epoch millis. */
    static final long MAX_MS = 253_402_300_799_999L;

    static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 || r > MAX_MS ? MAX_MS : r;
    }
}
