package ai.lukhas.pwm.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one clock tests move by hand, so TTL, cooldown, window, retry and refresh tests never sleep.
 * Shared with the other modules' tests through lukhas-core's test-jar (package {@code testing} only).
 * {@link #sleep} makes it a recording sleeper as well: {@code LlmProvider.openAiCompatible(config,
 * clock, clock::sleep, jitter)} waits by advancing the clock, and {@link #sleeps()} lists the waits.
 * {@link #ticking} makes one that also moves on by a fixed step at every reading, for code that measures
 * elapsed time between two readings.
 */
public final class MutableClock extends Clock {
    private volatile Instant now;
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final Duration tick;

    public MutableClock(Instant start) {
        this(start, Duration.ZERO);
    }

    private MutableClock(Instant start, Duration tick) {
        this.now = start;
        this.tick = tick;
    }

    /** A clock whose every reading first moves it on by {@code tick}. */
    public static MutableClock ticking(Instant start, Duration tick) {
        return new MutableClock(start, tick);
    }

    /** Starts at 2026-01-01T00:00:00Z. */
    public MutableClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    public synchronized void set(Instant instant) {
        now = instant;
    }

    /** Records {@code duration} as a wait and advances by it, instead of waiting. */
    public synchronized void sleep(Duration duration) {
        sleeps.add(duration);
        now = now.plus(duration);
    }

    /** Every {@link #sleep} so far, in order. */
    public List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        if (tick.isZero()) {
            return now;
        }
        synchronized (this) {
            now = now.plus(tick);
            return now;
        }
    }
}
