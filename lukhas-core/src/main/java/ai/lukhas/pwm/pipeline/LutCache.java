package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.feedback.FeedbackService;
import ai.lukhas.pwm.feedback.StyleLut;
import ai.lukhas.pwm.modulation.StyleDeltas;
import ai.lukhas.pwm.store.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each (tenant, user)'s feedback LUT mapped to {@link StyleDeltas}, kept for a short TTL on the injected clock:
 * reading a LUT from SQLite costs about 400 µs, and feedback moving a little later is harmless.
 * Bounded: past {@code maxUsers} entries the map is cleared (cheap, and only costs re-reads).
 */
final class LutCache {
    private record Entry(StyleDeltas deltas, String scope, long version, long expiresAtMs) {}

    private record User(TenantId tenant, String userId) {}

    /** The deltas and where they came from, for the audit bundle. */
    record Lookup(StyleDeltas deltas, String scope, long version, boolean cached) {}

    private final Optional<FeedbackService> feedback;
    private final Clock clock;
    private final long ttlMs;
    private final int maxUsers;
    private final ConcurrentHashMap<User, Entry> entries = new ConcurrentHashMap<>();

    LutCache(Optional<FeedbackService> feedback, Clock clock, Duration ttl, int maxUsers) {
        this.feedback = feedback;
        this.clock = clock;
        this.ttlMs = ttl.toMillis();
        this.maxUsers = maxUsers;
    }

    Lookup lookup(TenantId tenant, String userId) {
        if (feedback.isEmpty()) {
            return new Lookup(StyleDeltas.NONE, "none", 0, false);
        }
        long now = clock.millis();
        User user = new User(tenant, userId);
        Entry e = entries.get(user);
        if (e != null && now < e.expiresAtMs()) {
            return new Lookup(e.deltas(), e.scope(), e.version(), true);
        }
        StyleLut lut = feedback.get().lut(tenant, Optional.of(userId));
        StyleDeltas deltas = new StyleDeltas(lut.temperatureDelta(), lut.topPDelta(), lut.memoryWriteBoost());
        if (entries.size() >= maxUsers) {
            entries.clear();
        }
        entries.put(user, new Entry(deltas, lut.scope().wireName(), lut.version(), now + ttlMs));
        return new Lookup(deltas, lut.scope().wireName(), lut.version(), false);
    }
}
