package ai.lukhas.pwm.modulation;

import java.time.Instant;
import java.util.Optional;

/**
 * The signals of one session, one slot per policy signal. Copy-on-write: a
 * record (under this object's monitor) publishes a new immutable slot array, so a combine reads a
 * consistent snapshot without a lock and its trace can be rendered from that snapshot later.
 */
final class SignalState {
    /**
     * One signal's accepted value and, if a later level arrived within the cooldown, the suppressed
     * one. The instants and clampedFrom are built once per record, not per combine or trace.
     */
    record Slot(
            double level,
            long acceptedAt,
            long expiresAt,
            Instant acceptedInstant,
            Instant expiresInstant,
            Optional<Double> clampedFrom,
            String source,
            boolean suppressed,
            double suppressedLevel,
            long suppressedAt,
            String suppressedSource) {}

    /** Never mutated after publication; a null entry means the signal was never accepted here. */
    private volatile Slot[] slots;

    SignalState(int n) {
        slots = new Slot[n];
    }

    /** The current snapshot; callers must not modify it. */
    Slot[] slots() {
        return slots;
    }

    /** Records one finite input at {@code now} (epoch ms); caller holds the monitor. */
    SignalOutcome record(ModulationPolicy policy, int i, double input, long ttlMs, String src, long now) {
        double clamped = Math.max(0.0, Math.min(1.0, input));
        Slot[] next = slots.clone();
        Slot cur = next[i];
        if (cur != null && now - cur.acceptedAt() < policy.cooldownMs[i]) {
            double currentLevel = now < cur.expiresAt() ? cur.level() : 0.0;
            boolean safetyRise = policy.safety[i] && clamped > currentLevel;
            if (!safetyRise) {
                next[i] = new Slot(
                        cur.level(),
                        cur.acceptedAt(),
                        cur.expiresAt(),
                        cur.acceptedInstant(),
                        cur.expiresInstant(),
                        cur.clampedFrom(),
                        cur.source(),
                        true,
                        clamped,
                        now,
                        src);
                slots = next;
                return new SignalOutcome.Suppressed(
                        policy.signalNames[i], clamped, Instant.ofEpochMilli(cur.acceptedAt() + policy.cooldownMs[i]));
            }
        }
        long expiresAt = saturatedAdd(now, ttlMs);
        Instant expiresInstant = Instant.ofEpochMilli(expiresAt);
        Optional<Double> clampedInput = clamped == input ? Optional.empty() : Optional.of(input);
        next[i] = new Slot(
                clamped,
                now,
                expiresAt,
                Instant.ofEpochMilli(now),
                expiresInstant,
                clampedInput,
                src,
                false,
                0.0,
                0L,
                "");
        slots = next;
        return new SignalOutcome.Accepted(policy.signalNames[i], clamped, clampedInput, expiresInstant);
    }

    /**
     * True when nothing here can affect a future combine or record: every signal has expired and is
     * out of its cooldown. Dropping such a state changes no result, which is what bounds memory.
     */
    boolean idleAt(ModulationPolicy policy, long now) {
        Slot[] s = slots;
        for (int i = 0; i < s.length; i++) {
            if (s[i] != null && (now < s[i].expiresAt() || now - s[i].acceptedAt() < policy.cooldownMs[i])) {
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
