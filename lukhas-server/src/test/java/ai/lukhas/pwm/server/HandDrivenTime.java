package ai.lukhas.pwm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A {@link DeadlineTime} a test drives: every first byte arrived {@link #elapse elapsed} ago (zero
 * until the test says otherwise), and a timer runs only when the test {@link Timer#fire() fires} it,
 * or at once, on the thread that arms it, when it is armed already due (a delay of zero).
 * A test waits for the server to arm a timer ({@link #awaitTimer}), a condition, never for time.
 */
final class HandDrivenTime implements DeadlineTime {
    private volatile long elapsedNanos;
    private final List<Timer> timers = new CopyOnWriteArrayList<>();

    /** From now on, every first byte arrived {@code elapsed} ago. */
    void elapse(Duration elapsed) {
        elapsedNanos = elapsed.toNanos();
    }

    @Override
    public long nanosSince(long beginNanos) {
        return elapsedNanos;
    }

    @Override
    public Scheduler.Task schedule(Request request, Runnable task, long delayNanos) {
        Timer timer = new Timer(task, Duration.ofNanos(delayNanos));
        synchronized (timers) {
            timers.add(timer);
            timers.notifyAll();
        }
        if (delayNanos == 0) {
            // due already: it runs at once, before the arming thread goes on (Jetty's scheduler would run it on
            // its own thread about then; here deterministically before)
            timer.fire();
        }
        return timer;
    }

    /** How many timers were armed so far. */
    int armed() {
        return timers.size();
    }

    /** The {@code index}th timer armed (from 0), once the server has armed it (the test fails after 30 s). */
    Timer awaitTimer(int index) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        synchronized (timers) {
            while (timers.size() <= index) {
                long left = until - System.nanoTime();
                assertThat(left).as("the server armed timer %d", index).isPositive();
                TimeUnit.NANOSECONDS.timedWait(timers, left);
            }
            return timers.get(index);
        }
    }

    /** A timer armed by the server: its delay, whether it was cancelled, and its task to run by hand. */
    static final class Timer implements Scheduler.Task {
        private final Runnable task;
        private final Duration delay;
        private final AtomicBoolean cancelled = new AtomicBoolean();

        private Timer(Runnable task, Duration delay) {
            this.task = task;
            this.delay = delay;
        }

        /** The delay it was armed with. */
        Duration delay() {
            return delay;
        }

        /** Whether the server cancelled it. */
        boolean cancelled() {
            return cancelled.get();
        }

        /**
         * Runs its task now on the calling thread, cancelled or not: a cancelled one as a timer that
         * fired while it was being cancelled, which the task must then ignore.
         */
        void fire() {
            task.run();
        }

        @Override
        public boolean cancel() {
            return cancelled.compareAndSet(false, true);
        }
    }
}
