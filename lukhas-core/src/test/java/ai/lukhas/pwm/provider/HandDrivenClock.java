package ai.lukhas.pwm.provider;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link DeadlineClock} that moves only when the test {@link #advance advances} it: a thread parked
 * on it waits until then (or until it is unparked), however long that takes in real time.
 */
final class HandDrivenClock implements DeadlineClock {
    private final AtomicLong now = new AtomicLong();
    private final Set<Thread> parked = ConcurrentHashMap.newKeySet();
    /** What each thread last read of the clock: it parks only while the clock still shows that. */
    private final ThreadLocal<Long> seen = ThreadLocal.withInitial(() -> Long.MIN_VALUE);
    /** How many threads wait on the clock as it shows now (guarded by this). */
    private int waitingNow;

    /** Moves the clock on by {@code by}, waking whoever is parked on it to look at it again. */
    void advance(Duration by) {
        synchronized (this) {
            now.addAndGet(by.toNanos());
            waitingNow = 0;
        }
        parked.forEach(LockSupport::unpark);
    }

    /**
     * Waits until a thread parks on the clock having read it as it shows now, so it has looked at the
     * clock since the last {@link #advance} and found nothing due yet (the test fails after 20 s).
     */
    synchronized void awaitWaiting() throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (waitingNow == 0) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("nothing waits on the clock at " + now.get() + " ns");
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    @Override
    public long nanoTime() {
        long t = now.get();
        seen.set(t);
        return t;
    }

    @Override
    public void parkNanos(Object blocker, long nanos) {
        Thread self = Thread.currentThread();
        parked.add(self);
        try {
            // moved since the caller read it (an advance() that found nobody parked yet): return, it reads again
            boolean waiting;
            synchronized (this) {
                waiting = now.get() == seen.get();
                if (waiting) {
                    waitingNow++;
                    notifyAll();
                }
            }
            if (waiting) {
                // whatever the real time: the caller reads the clock again once woken, by advance() or an unpark
                LockSupport.park(blocker);
                synchronized (this) {
                    if (now.get() == seen.get() && waitingNow > 0) {
                        waitingNow--;
                    }
                }
            }
        } finally {
            parked.remove(self);
        }
    }
}
