package ai.lukhas.pwm.audit;

import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Time-ordered audit ids: UUIDv7 (RFC 9562) from an injected clock. Within one millisecond the 12-bit
 * {@code rand_a} field counts up, so ids from one generator sort in the order they were issued.
 *
 * <pre>{@code
 * AuditIds ids = new AuditIds(Clock.systemUTC());
 * String id = ids.next(); // e.g. "019aa9c4-6f10-7000-8a1b-..."
 * }</pre>
 */
public final class AuditIds {
    private final Clock clock;
    private final RandomGenerator random;
    private long lastMillis = -1;
    private int counter;

    public AuditIds(Clock clock) {
        // Ids must be unique, not secret: a fast generator seeded once from the OS keeps append cheap.
        this(clock, seeded());
    }

    private static RandomGenerator seeded() {
        java.security.SecureRandom seed = new java.security.SecureRandom();
        return java.util.random.RandomGeneratorFactory.of("L64X128MixRandom").create(seed.nextLong());
    }

    AuditIds(Clock clock, RandomGenerator random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The next id; strictly greater (as a string and as a UUID) than every id this generator gave before. */
    public synchronized String next() {
        long now = clock.millis();
        if (now > lastMillis) {
            lastMillis = now;
            counter = 0;
        } else if (++counter > 0xFFF) {
            // 4096 ids in one millisecond (or a clock going back): borrow the next millisecond.
            lastMillis++;
            counter = 0;
        }
        long msb = (lastMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | counter;
        long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }
}
