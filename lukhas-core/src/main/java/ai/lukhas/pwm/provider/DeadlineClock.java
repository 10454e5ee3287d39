package ai.lukhas.pwm.provider;

import java.util.concurrent.locks.LockSupport;

/**
 * The monotonic clock {@link ApacheUpstreamHttp}'s watchdog keeps the upstream deadlines by, and its
 * way to wait on that clock: {@link #SYSTEM} in production ({@link System#nanoTime()} and {@link
 * LockSupport#parkNanos(Object, long)}), a clock the test advances in tests, so that no test waits for
 * a deadline to pass.
 */
interface DeadlineClock {
    /** {@link System#nanoTime()}; parks with {@link LockSupport#parkNanos(Object, long)}. */
    DeadlineClock SYSTEM = new DeadlineClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void parkNanos(Object blocker, long nanos) {
            LockSupport.parkNanos(blocker, nanos);
        }
    };

    /** Now, in nanoseconds from an arbitrary origin (differences only are meaningful). */
    long nanoTime();

    /**
     * Parks the calling thread until {@code nanos} of this clock have passed, it is {@link
     * LockSupport#unpark unparked}, or spuriously (the caller checks again, as after {@link LockSupport#parkNanos}).
     */
    void parkNanos(Object blocker, long nanos);
}
